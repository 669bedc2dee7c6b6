/**
 * runExperiment: the whole protocol of one SPEC as units of work, each skipped when an earlier
 * session finished it (state written after every finished unit, by the caller's saveState):
 *
 *   1. reduce: per arm, the kept slices of every volume;
 *   2. confusability (optional): per arm, on its kept slices (needs no training);
 *   3. per seed s: pre-train every arm from seed s's initial weights (the same for every arm and
 *      for random init; the same data order where the slice counts agree), then evaluate random
 *      init seed s and every arm's seed-s encoder with evaluation seed s (the same splits).
 *
 * Everything that touches files, tensors or workers is injected (ExperimentDeps), so the CLI and
 * the app's worker run the same loop and tests run it in memory. Cancel: the signal is checked
 * between units and handed to each; a unit cut short leaves no state entry and runs again.
 */
import { configDifferences } from '../ssl/configDiff';
import { throwIfAborted } from '../runtime';
import type { PretrainConfig } from '../ssl';
import { buildReport, unitKey } from './report';
import { armParams, pretrainConfigFor, RANDOM_INIT, type ExperimentSpec, type SpecArm } from './spec';
import { STATE_SCHEMA, type ArmSlices, type ConfusabilityOutcome, type EvaluationOutcome, type ExperimentProgress, type ExperimentReport, type ExperimentState, type PretrainOutcome } from './types';
import type { ReductionParams } from '../reduction/types';

export interface PretrainRequest {
  arm: SpecArm;
  seed: number;
  /** The seed's config: the preset, arch and budget; config.seed = seed (initial weights, data order, crops). */
  config: PretrainConfig;
  slices: ArmSlices;
  signal?: AbortSignal;
}

/** Random init of seed s (the initial weights of every arm's seed s), or an arm's pre-trained encoder. */
export type EvaluateTarget = { kind: 'random'; seed: number; config: PretrainConfig } | { kind: 'pretrained'; arm: SpecArm; seed: number; pretrained: PretrainOutcome };

export interface ExperimentDeps {
  reduceArm(arm: SpecArm, params: ReductionParams, signal?: AbortSignal): Promise<ArmSlices>;
  pretrain(req: PretrainRequest): Promise<PretrainOutcome>;
  /** Evaluates on the spec's task with evaluation seed `seed` (the same for every arm of that seed). */
  evaluate(target: EvaluateTarget, seed: number, signal?: AbortSignal): Promise<EvaluationOutcome>;
  /** Optional: confusability of an arm's kept slices (core/confusability's measure). */
  measureArmConfusability?(arm: SpecArm, slices: ArmSlices, signal?: AbortSignal): Promise<ConfusabilityOutcome>;
  /** Called after every finished unit with the whole state (write it atomically). */
  saveState(state: ExperimentState): Promise<void>;
  onProgress?(p: ExperimentProgress): void;
}

export function emptyState(spec: ExperimentSpec): ExperimentState {
  return { schema: STATE_SCHEMA, spec, recipe: pretrainConfigFor(spec, 0), reductions: {}, confusability: {}, pretrained: {}, evaluations: {} };
}

/** Why a saved state cannot be resumed with this spec, or undefined when it can. */
export function resumeProblem(state: ExperimentState, spec: ExperimentSpec): string | undefined {
  if (state.schema !== STATE_SCHEMA) return `not an experiment state (schema ${String(state.schema)})`;
  if (JSON.stringify(state.spec) !== JSON.stringify(spec)) return 'it was made with another spec; use a new --out-dir, or restore the spec it was made with';
  const trained = Object.keys(state.pretrained).length > 0;
  if (trained && state.recipe) {
    const changed = configDifferences(state.recipe, pretrainConfigFor(spec, 0));
    if (changed.length) return `its units were pre-trained with another recipe than this version's '${spec.preset}' preset (${changed.join(', ')}); start a new --out-dir so the arms compare like with like`;
  }
  // States without a recipe predate `short`'s change to ε 0.03, jitter 0.4, no blur (docs/pretraining.md).
  if (trained && !state.recipe && spec.preset === 'short') return "its units were pre-trained with the earlier 'short' recipe (ε 0.05, jitter 0.8, blur p 0.5), not this version's; start a new --out-dir so the arms compare like with like";
  return undefined;
}

interface Unit {
  kind: ExperimentProgress['kind'];
  arm: string;
  seed?: number;
  done(s: ExperimentState): boolean;
  run(s: ExperimentState, signal?: AbortSignal): Promise<void>;
}

function units(spec: ExperimentSpec, deps: ExperimentDeps): Unit[] {
  const list: Unit[] = [];
  const slicesOf = (s: ExperimentState, arm: SpecArm) => s.reductions[arm.name];
  for (const arm of spec.arms) {
    list.push({ kind: 'reduce', arm: arm.name, done: (s) => !!s.reductions[arm.name], run: async (s, signal) => void (s.reductions[arm.name] = await deps.reduceArm(arm, armParams(arm), signal)) });
  }
  if (deps.measureArmConfusability) {
    const measure = deps.measureArmConfusability;
    for (const arm of spec.arms) {
      list.push({ kind: 'confusability', arm: arm.name, done: (s) => !!s.confusability[arm.name], run: async (s, signal) => void (s.confusability[arm.name] = await measure(arm, slicesOf(s, arm), signal)) });
    }
  }
  for (const seed of spec.seeds) {
    const config = pretrainConfigFor(spec, seed);
    for (const arm of spec.arms) {
      const key = unitKey(arm.name, seed);
      list.push({ kind: 'pretrain', arm: arm.name, seed, done: (s) => !!s.pretrained[key], run: async (s, signal) => void (s.pretrained[key] = await deps.pretrain({ arm, seed, config, slices: slicesOf(s, arm), signal })) });
    }
    const rkey = unitKey(RANDOM_INIT, seed);
    list.push({ kind: 'evaluate', arm: RANDOM_INIT, seed, done: (s) => !!s.evaluations[rkey], run: async (s, signal) => void (s.evaluations[rkey] = await deps.evaluate({ kind: 'random', seed, config }, seed, signal)) });
    for (const arm of spec.arms) {
      const key = unitKey(arm.name, seed);
      list.push({ kind: 'evaluate', arm: arm.name, seed, done: (s) => !!s.evaluations[key], run: async (s, signal) => void (s.evaluations[key] = await deps.evaluate({ kind: 'pretrained', arm, seed, pretrained: s.pretrained[key] }, seed, signal)) });
    }
  }
  return list;
}

/** Runs (or resumes) the experiment; returns the report. Throws an AbortError when cancelled. */
export async function runExperiment(spec: ExperimentSpec, deps: ExperimentDeps, opts: { state?: ExperimentState; signal?: AbortSignal } = {}): Promise<ExperimentReport> {
  const state = opts.state ?? emptyState(spec);
  if (opts.state) {
    const problem = resumeProblem(opts.state, spec);
    if (problem) throw new Error(`cannot resume: ${problem}`);
  }
  const list = units(spec, deps);
  for (const [i, u] of list.entries()) {
    const where = { kind: u.kind, arm: u.arm, ...(u.seed !== undefined ? { seed: u.seed } : {}), unit: i + 1, units: list.length };
    if (u.done(state)) {
      deps.onProgress?.({ ...where, status: 'skipped' });
      continue;
    }
    throwIfAborted(opts.signal, 'experiment');
    deps.onProgress?.({ ...where, status: 'start' });
    await u.run(state, opts.signal);
    await deps.saveState(state);
    deps.onProgress?.({ ...where, status: 'done', message: doneMessage(state, u) });
  }
  return buildReport(state);
}

function doneMessage(s: ExperimentState, u: Unit): string {
  const key = unitKey(u.arm, u.seed ?? 0);
  if (u.kind === 'reduce') {
    const r = s.reductions[u.arm];
    return `${r.volumes.reduce((n, v) => n + v.kept.length, 0)} of ${r.volumes.reduce((n, v) => n + v.n, 0)} slices kept`;
  }
  if (u.kind === 'confusability') return `confusable rate ${s.confusability[u.arm].confusableRate.toFixed(3)}`;
  if (u.kind === 'pretrain') {
    const p = s.pretrained[key];
    return `${p.steps} steps (${p.epochs.toFixed(2)} epochs) in ${p.seconds.toFixed(1)} s${p.collapsed ? ', collapsed' : ''}`;
  }
  const runs = s.evaluations[key].runs;
  return `AUC ${(runs.reduce((a, r) => a + r.auc, 0) / runs.length).toFixed(3)} over ${runs.length} runs`;
}
