/**
 * Which slices the current settings keep: the reduction engine's result for the chosen method,
 * algorithm and threshold (or keep-%), with reviewer overrides applied on top and flagged.
 * Greedy runs reuse a precomputed walk, so moving the slider costs O(n) plus representatives.
 * The deciding itself is core's (src/core/pipeline/decide.ts).
 */
import { decideSlices as decideWithPipeline, needsScores } from '../../core/pipeline/decide';
import { alikeThreshold } from '../../core/reduction/params';
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

/**
 * The decision for every slice, or undefined when the method's scores are not computed yet.
 * Core's pipeline decides (reduction, reviewer overrides flagged on top, representatives re-pointed
 * to the final kept set); the app only maps its settings to parameters.
 */
export function decideSlices(input: DecisionInput): ReductionResult | undefined {
  const params = paramsForSettings(input);
  if (!params) return undefined;
  if (needsScores(params) && !input.scores) return undefined;
  return decideWithPipeline(input.scores ?? input.n, params, { walk: input.walk, overrides: input.overrides });
}
