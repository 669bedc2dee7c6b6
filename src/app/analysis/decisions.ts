/**
 * Which slices the current settings keep: the reduction engine's result for the chosen method,
 * algorithm and threshold (or keep-%), with reviewer overrides applied on top and flagged.
 * Greedy runs reuse a precomputed walk, so moving the slider costs O(n) plus representatives.
 */
import { reduce } from '../../core/reduction/reduce';
import { alikeThreshold } from '../../core/reduction/params';
import { nearestKeptSlices } from '../../core/reduction/representatives';
import { applyOverrides } from '../../core/reduction/overrides';
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
export function paramsForSettings(input: DecisionInput): ReductionParams | undefined {
  const { method, algorithm, thresholdMode, threshold, keepPercent } = input;
  if (method === 'all') return { method: 'all' };
  if (method === 'everyn') return { method: 'everyn', every: Math.max(1, Math.round(threshold)) };
  if (thresholdMode === 'keepPercent') return { method, algorithm: 'greedy', drop: 'later', keepFraction: keepPercent / 100 };
  if (algorithm === 'leader' && method === 'hash') return { method, algorithm: 'leader', ...alikeThreshold(method, threshold) };
  return { method, algorithm: 'greedy', drop: 'later', ...alikeThreshold(method, threshold) };
}

/** The decision for every slice, or undefined when the method's scores are not computed yet. */
export function decideSlices(input: DecisionInput): ReductionResult | undefined {
  const params = paramsForSettings(input);
  if (!params) return undefined;
  const needsScores = params.method !== 'all' && params.method !== 'everyn';
  if (needsScores && !input.scores) return undefined;
  const base = reduce(needsScores ? (input.scores as ScoreMatrix) : input.n, params, { walk: input.walk });
  return withOverrides(base, input.overrides ?? {}, input.scores);
}

/**
 * Reviewer overrides on top of the algorithm's decision (core applyOverrides: the algorithm's
 * reason stays, `override` flags the slice). For display, a dropped slice whose representative
 * is no longer kept (or that had none) gets its nearest kept slice recomputed when scores are known.
 */
export function withOverrides(result: ReductionResult, overrides: Record<number, OverrideKind>, scores?: ScoreMatrix): ReductionResult {
  const inRange = Object.fromEntries(Object.entries(overrides).filter(([k]) => Number(k) >= 0 && Number(k) < result.n));
  if (Object.keys(inRange).length === 0) return result;
  const next = applyOverrides(result, inRange);
  if (!scores) return next;
  const keptSet = new Set(next.kept);
  const stale = next.dropped.filter((d) => {
    const rep = next.perSlice[d].nearestKept;
    return rep === undefined || !keptSet.has(rep);
  });
  nearestKeptSlices(scores, next.kept, stale).forEach((rep, r) => {
    const d = next.perSlice[stale[r]];
    if (rep) Object.assign(d, rep);
    else { delete d.nearestKept; delete d.score; }
  });
  return next;
}
