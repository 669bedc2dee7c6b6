/**
 * Which slices the current settings keep: the reduction engine's result for the chosen method,
 * algorithm and threshold (or keep-%), with reviewer overrides applied on top and flagged.
 * Greedy runs reuse a precomputed walk, so moving the slider costs O(n) plus representatives.
 */
import { reduce } from '../../core/reduction/reduce';
import { alikeThreshold } from '../../core/reduction/params';
import { nearestKeptSlices } from '../../core/reduction/representatives';
import type { GreedyWalk } from '../../core/reduction/greedy';
import type { ReductionParams, ReductionResult, ScoreMatrix } from '../../core/reduction/types';
import type { OverrideKind } from '../store/overridesSlice';
import type { Algorithm, ThresholdMode, UiMethod } from '../store/methods';

export interface DecisionInput {
  method: UiMethod;
  algorithm: Algorithm;
  thresholdMode: ThresholdMode;
  /** The current method's threshold (EveryN: N). */
  threshold: number;
  keepPercent: number;
  n: number;
  /** Needed for HASH/SSIM/NMI/DeepNet; absent until computed. */
  scores?: ScoreMatrix;
  walk?: GreedyWalk;
  overrides?: Record<number, OverrideKind>;
}

/** The reduction parameters the settings stand for (undefined if they need scores not computed yet). */
export function reductionParams(input: DecisionInput): ReductionParams | undefined {
  const { method, algorithm, thresholdMode, threshold, keepPercent } = input;
  if (method === 'all') return { method: 'all' };
  if (method === 'everyn') return { method: 'everyn', every: Math.max(1, Math.round(threshold)) };
  if (thresholdMode === 'keepPercent') return { method, algorithm: 'greedy', drop: 'later', keepFraction: keepPercent / 100 };
  if (algorithm === 'leader' && method === 'hash') return { method, algorithm: 'leader', ...alikeThreshold(method, threshold) };
  return { method, algorithm: 'greedy', drop: 'later', ...alikeThreshold(method, threshold) };
}

/** The decision for every slice, or undefined when the method's scores are not computed yet. */
export function decideSlices(input: DecisionInput): ReductionResult | undefined {
  const params = reductionParams(input);
  if (!params) return undefined;
  const needsScores = params.method !== 'all' && params.method !== 'everyn';
  if (needsScores && !input.scores) return undefined;
  const base = reduce(needsScores ? (input.scores as ScoreMatrix) : input.n, params, { walk: input.walk });
  return applyOverrides(base, input.overrides ?? {}, input.scores);
}

/**
 * Replaces the algorithm's decision by the reviewer's for overridden slices (reason
 * override-keep / override-drop, `override` set), then recomputes the kept/dropped lists and,
 * when scores are known, each dropped slice's nearest kept slice.
 */
export function applyOverrides(result: ReductionResult, overrides: Record<number, OverrideKind>, scores?: ScoreMatrix): ReductionResult {
  const entries = Object.entries(overrides).map(([k, v]) => [Number(k), v] as const).filter(([k]) => k >= 0 && k < result.n);
  if (entries.length === 0) return result;
  const perSlice = result.perSlice.map((d) => ({ ...d }));
  for (const [index, kind] of entries) {
    const d = perSlice[index];
    d.kept = kind === 'keep';
    d.reason = kind === 'keep' ? 'override-keep' : 'override-drop';
    d.override = kind;
  }
  const kept = perSlice.filter((d) => d.kept).map((d) => d.index);
  const dropped = perSlice.filter((d) => !d.kept).map((d) => d.index);
  for (const d of perSlice) if (d.kept) { delete d.nearestKept; delete d.score; }
  if (scores) {
    nearestKeptSlices(scores, kept, dropped).forEach((rep, r) => {
      const d = perSlice[dropped[r]];
      if (rep) Object.assign(d, rep);
      else { delete d.nearestKept; delete d.score; }
    });
  }
  return { ...result, kept, dropped, perSlice };
}
