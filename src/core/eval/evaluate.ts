/**
 * evaluateEncoder: the paper's downstream protocol over `runs` runs (seeds on a given split, or
 * stratified (grouped) folds), metrics on each run's test part only, mean and sample std.
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted, yieldToEventLoop } from '../runtime';
import { encoderSummary, inputNorm } from './encoderSource';
import { runMetrics, summariseRuns } from './metrics';
import { PROBE_CS } from './linearProbe';
import { makeRunner, resolveOptions, settingsOf, type Trained } from './runner';
import { planRuns } from './splits';
import type { EncoderSource, EvaluateOptions, EvaluationReport, LabelledSet, RunResult } from './types';

export async function evaluateEncoder(set: LabelledSet, encoder: EncoderSource, opts: EvaluateOptions): Promise<EvaluationReport> {
  const started = Date.now();
  const o = resolveOptions(opts);
  if (encoder.kind === 'pixels' && o.protocol === 'finetune') throw new Error('the raw-pixel baseline has no encoder to fine-tune; use the linear protocol');
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new Error(`epochs must be a positive integer (got ${o.epochs})`);
  const labels = set.samples.map((s) => set.classes.indexOf(s.label));
  if (labels.includes(-1)) throw new Error(`${set.task}: a sample's label is not among the classes ${set.classes.join(', ')}`);
  const split = planRuns(set.samples, o.runs, o.seed, o.valFraction);
  const runner = makeRunner(set, labels, encoder, o);
  const runs: RunResult[] = [];
  try {
    for (const plan of split.plans) {
      await yieldToEventLoop(); // a worker hears cancel between runs (cpu/wasm reads resolve as microtasks)
      throwIfAborted(o.signal, 'evaluate');
      const t = await runner.run(plan, split.plans.length);
      const test = plan.test.map((i) => labels[i]);
      runs.push({ run: plan.run, ...(plan.fold !== undefined ? { fold: plan.fold } : {}), seed: plan.seed, ...runMetrics(test, t.probabilities), trainCount: plan.train.length, valCount: plan.val.length, testCount: plan.test.length, ...runDetails(t) });
    }
  } finally {
    runner.dispose();
  }
  const { mean, std } = summariseRuns(runs);
  return {
    schema: 'ctsieve-evaluation/1',
    task: set.task,
    protocol: o.protocol,
    classes: set.classes.map((name) => ({ name, count: labels.filter((l) => set.classes[l] === name).length })),
    encoder: encoderSummary(encoder),
    splitMode: split.mode,
    runs,
    mean,
    std,
    seconds: (Date.now() - started) / 1000,
    backend: tf.getBackend(),
    epochs: o.epochs,
    seed: o.seed,
    settings: settingsOf(o),
    notes: [...set.notes, ...split.notes, ...resizeNotes(set, encoder), ...protocolNotes(o, runs), ...(set.classes.length === 2 ? [`binary F1 is for class '${set.classes[1]}' (the second class name in sorted order, scikit-learn's pos_label 1); AUC is the same for either class`] : []), ...(set.isProxy ? ['PROXY TASK: labels come from slice position, not from a clinical finding'] : [])],
    ...(set.isProxy ? { isProxy: true } : {}),
  };
}

/** What a run reports besides its metrics: epochs (finetune) or the chosen C (linear). */
function runDetails(t: Trained): Partial<RunResult> {
  if (t.chosenC !== undefined) return { chosenC: t.chosenC, valAuc: t.valAuc };
  return { epochsTrained: t.epochsTrained, bestEpoch: t.bestEpoch };
}

/** The linear probe's method and choices; for finetune, warnings about budgets too small to mean much. */
function protocolNotes(o: ReturnType<typeof resolveOptions>, runs: readonly RunResult[]): string[] {
  const notes: string[] = [];
  if (o.protocol === 'linear') {
    const cs = runs.map((r) => r.chosenC);
    notes.push(`linear probe: features standardised on each training part; L2 logistic regression (lbfgs) for C in ${PROBE_CS.join(', ')}; C chosen on the validation part by AUC (ties: smaller C): ${cs.join(', ')} per run`);
    if (runs.some((r) => r.valAuc !== undefined && Number.isNaN(r.valAuc))) notes.push('a validation part lacked a class, so its AUC is undefined: C was chosen by validation log-loss there');
    return notes;
  }
  const steps = (epochs: number) => epochs * Math.ceil((runs[0]?.trainCount ?? 0) / o.batch);
  if (o.epochs <= o.headOnlyEpochs) notes.push(`only the linear layer trained: ${o.epochs} epoch(s) ≤ ${o.headOnlyEpochs} head-only epochs, so the encoder stayed frozen`);
  const headSteps = steps(Math.min(o.epochs, o.headOnlyEpochs));
  if (headSteps < 100) notes.push(`small budget: the linear layer had at most ${headSteps} Adam steps (${o.epochs} epochs of ${Math.ceil((runs[0]?.trainCount ?? 0) / o.batch)} batches); scores this early are noisy and can sit below chance`);
  return notes;
}

function resizeNotes(set: LabelledSet, e: EncoderSource): string[] {
  const size = e.kind === 'pixels' ? e.size : inputNorm(e).size;
  const other = set.samples.filter((s) => s.rows !== size || s.cols !== size).length;
  return other ? [`${other} of ${set.samples.length} slices resized to ${size}×${size} (bilinear, half-pixel centres)`] : [];
}
