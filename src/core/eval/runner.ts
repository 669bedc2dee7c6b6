/**
 * One evaluation's runs for each kind of encoder: the raw-pixel baseline and a loaded model compute
 * features once (linear); a scratch encoder is rebuilt from each run's seed; fine-tuning a loaded
 * model starts every run from its initial weights and puts them back at the end.
 */
import * as tf from '@tensorflow/tfjs';
import { inputNorm } from './encoderSource';
import { pixelFeatures, predictRows, type InputNorm } from './features';
import { finetune } from './finetune';
import { PROBE_CS, PROBE_SOLVER, probeProbabilities, trainLinearProbe } from './linearProbe';
import { scratchBuilder } from './scratchEncoder';
import type { RunPlan } from './splits';
import { disposeSnapshot, restoreWeights, snapshotWeights } from './weights';
import type { EncoderSource, EvalSettings, EvaluateOptions, LabelledSet } from './types';

/** Defaults (the paper's where it says: batch 64, 10 head-only epochs, 90/10 train/val). */
export const EVAL_DEFAULTS = { batch: 64, lrHead: 1e-2, lrEncoder: 1e-4, headOnlyEpochs: 10, patience: 5, valFraction: 0.1 } as const;

export type ResolvedOptions = EvaluateOptions & { batch: number; lr: number; lrEncoder: number; headOnlyEpochs: number; patience: number; valFraction: number };

/** The options with every default filled in (lr, lrEncoder, headOnlyEpochs and patience apply to finetune only). */
export function resolveOptions(o: EvaluateOptions): ResolvedOptions {
  const d = EVAL_DEFAULTS;
  return {
    ...o,
    batch: o.batch ?? d.batch,
    lr: o.lr ?? d.lrHead,
    lrEncoder: o.lrEncoder ?? d.lrEncoder,
    headOnlyEpochs: o.headOnlyEpochs ?? d.headOnlyEpochs,
    patience: o.patience ?? d.patience,
    valFraction: o.valFraction ?? d.valFraction,
  };
}

/** What the report records of the settings. */
export function settingsOf(o: ResolvedOptions): EvalSettings {
  if (o.protocol === 'linear') return { batch: o.batch, valFraction: o.valFraction, probe: { solver: 'lbfgs', cs: [...PROBE_CS], ...PROBE_SOLVER } };
  return { batch: o.batch, lr: o.lr, patience: o.patience, valFraction: o.valFraction, lrEncoder: o.lrEncoder, headOnlyEpochs: o.headOnlyEpochs };
}

export interface Trained {
  probabilities: number[][];
  /** finetune */
  epochsTrained?: number;
  bestEpoch?: number;
  /** linear */
  chosenC?: number;
  valAuc?: number;
}

export interface Runner {
  run(plan: RunPlan, runs: number): Promise<Trained>;
  dispose(): void;
}

export function makeRunner(set: LabelledSet, labels: number[], e: EncoderSource, o: ResolvedOptions): Runner {
  const all = set.samples.map((_, i) => i);
  const progress = (plan: RunPlan, runs: number, phase: string) => (epoch: number, valLoss?: number) => o.onProgress?.({ run: plan.run, runs, epoch, epochs: o.epochs, phase, ...(valLoss !== undefined ? { valLoss } : {}) });
  const linear = (rows: ArrayLike<number>[], plan: RunPlan, runs: number): Trained => {
    const pick = (idx: number[]) => idx.map((i) => rows[i]);
    const lab = (idx: number[]) => idx.map((i) => labels[i]);
    // Progress counts the C grid: one "epoch" per C fitted.
    const onC = (i: number, count: number) => o.onProgress?.({ run: plan.run, runs, epoch: i + 1, epochs: count, phase: 'linear' });
    const probe = trainLinearProbe(pick(plan.train), lab(plan.train), pick(plan.val), lab(plan.val), { classes: set.classes.length, signal: o.signal, onC });
    return { probabilities: probeProbabilities(probe, pick(plan.test)), chosenC: probe.chosen.C, valAuc: probe.chosen.valAuc };
  };
  const finetuneRun = async (model: tf.LayersModel, norm: InputNorm, plan: RunPlan, runs: number): Promise<Trained> => {
    const r = await finetune(model, { samples: set.samples, labels, train: plan.train, val: plan.val, test: plan.test }, norm, { classes: set.classes.length, epochs: o.epochs, headOnlyEpochs: o.headOnlyEpochs, batch: o.batch, lr: o.lr, lrEncoder: o.lrEncoder, patience: o.patience, seed: plan.seed, signal: o.signal, onEpoch: (epoch, phase, loss) => progress(plan, runs, phase)(epoch, loss) });
    return { probabilities: r.testProbabilities, epochsTrained: r.epochsTrained, bestEpoch: r.bestEpoch };
  };
  const features = (model: tf.LayersModel, norm: InputNorm) => predictRows(model, set.samples, all, norm, o.batch, o.signal);
  if (e.kind === 'pixels') {
    const rows = pixelFeatures(set.samples, e.size);
    return { run: async (plan, runs) => linear(rows, plan, runs), dispose: () => {} };
  }
  const norm = inputNorm(e);
  if (e.kind === 'scratch') {
    const build = scratchBuilder(e.build);
    return {
      async run(plan, runs) {
        const model = build(e.spec, plan.seed);
        try {
          if (o.protocol === 'linear') return linear(await features(model, norm), plan, runs);
          return await finetuneRun(model, norm, plan, runs);
        } finally {
          model.dispose();
        }
      },
      dispose: () => {},
    };
  }
  // A loaded model: features once (linear), or fine-tune from the same weights every run.
  const initial = snapshotWeights(e.model);
  let cached: Float32Array[] | undefined;
  return {
    async run(plan, runs) {
      if (o.protocol === 'linear') {
        o.onProgress?.({ run: plan.run, runs, epoch: 0, epochs: o.epochs, phase: 'features' });
        cached ??= await features(e.model, norm);
        return linear(cached, plan, runs);
      }
      restoreWeights(e.model, initial);
      return finetuneRun(e.model, norm, plan, runs);
    },
    dispose() {
      restoreWeights(e.model, initial);
      disposeSnapshot(initial);
    },
  };
}
