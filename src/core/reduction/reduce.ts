/**
 * One entry point for every reduction: validates the parameters, runs the baseline, the greedy
 * walk or the leader loop, and returns kept/dropped sets with a reason and a representative for
 * each slice.
 *
 * @example
 *   reduce(hashScores, { method: 'hash', algorithm: 'greedy', maxDistance: 6 });
 *   reduce(ssimScores, { method: 'ssim', algorithm: 'greedy', keepFraction: 0.1 });
 *   reduce(64, { method: 'everyn', every: 4 });
 */
import { scoreKind } from '../methods';
import type { ReductionParams, ReductionResult, ScoreMatrix, SliceDecision, SliceReason, StopReason } from './types';
import { everyN, keepAll } from './baselines';
import { greedyWalk, keptAtCount, keptAtThreshold, stopReasonAtThreshold, targetCountForFraction, type GreedyWalk } from './greedy';
import { leaderReduce } from './leader';
import { thresholdOf, validateParams } from './params';
import { nearestKeptSlices } from './representatives';

export interface ReduceOptions {
  /** A walk already computed for these scores and drop rule (e.g. kept by a threshold slider). */
  walk?: GreedyWalk;
}

/** Runs the reduction `params` on a score matrix, or on a slice count n for ALL and EveryN. */
export function reduce(input: ScoreMatrix | number, params: ReductionParams, opts: ReduceOptions = {}): ReductionResult {
  const scores = typeof input === 'number' ? undefined : input;
  const n = scores ? scores.n : (input as number);
  validateParams(params, n);
  if (params.method === 'all') return assemble(scores, n, params, keepAll(n), 'baseline', () => ({ kept: 'all', dropped: 'all' }));
  if (params.method === 'everyn') return assemble(scores, n, params, everyN(n, params.every), 'baseline', () => ({ kept: 'every-n', dropped: 'not-every-n' }));
  if (!scores) throw new TypeError(`${params.method}: a score matrix is needed, not just a slice count`);
  const expectedKind = scoreKind(params.method);
  if (scores.kind !== expectedKind) throw new RangeError(`${params.method}: scores must be ${expectedKind}s, got ${scores.kind}s`);
  if (params.algorithm === 'leader') return leader(scores, params, thresholdOf(params) as number);
  return greedy(scores, params, opts.walk);
}

function greedy(scores: ScoreMatrix, params: Extract<ReductionParams, { algorithm: 'greedy' }>, given?: GreedyWalk): ReductionResult {
  const drop = params.drop ?? 'later';
  if (given && (given.n !== scores.n || given.kind !== scores.kind || given.drop !== drop)) {
    throw new RangeError(`greedy: the walk given was made for n=${given.n}, ${given.kind}, drop ${given.drop}; these scores need n=${scores.n}, ${scores.kind}, drop ${drop}`);
  }
  const walk = given ?? greedyWalk(scores, { drop });
  let kept: number[];
  let stopReason: StopReason;
  let targetCount: number | undefined;
  const threshold = thresholdOf(params);
  if (threshold !== undefined) {
    kept = keptAtThreshold(walk, threshold);
    stopReason = stopReasonAtThreshold(walk, threshold);
  } else {
    targetCount = 'keepFraction' in params ? targetCountForFraction(scores.n, params.keepFraction) : (params as { targetCount: number }).targetCount;
    kept = keptAtCount(walk, targetCount);
    stopReason = 'target_reached';
  }
  const result = assemble(scores, scores.n, params, kept, stopReason, () => ({ kept: 'survivor', dropped: 'alike-pair' }), (i) => ({
    removedBy: walk.removedBy[i],
    removedScore: walk.survival[i],
  }));
  if (targetCount !== undefined) result.targetCount = targetCount;
  return result;
}

function leader(scores: ScoreMatrix, params: ReductionParams, threshold: number): ReductionResult {
  const { exemplars, exemplarOf, exemplarScore } = leaderReduce(scores, threshold);
  return assemble(scores, scores.n, params, exemplars, 'exhausted', () => ({ kept: 'exemplar', dropped: 'near-exemplar' }), (i) => ({
    removedBy: exemplarOf[i],
    removedScore: exemplarScore[i],
  }));
}

type Reasons = () => { kept: SliceReason; dropped: SliceReason };

/** Builds the per-slice decisions from the kept set (ascending). */
function assemble(
  scores: ScoreMatrix | undefined,
  n: number,
  params: ReductionParams,
  kept: number[],
  stopReason: StopReason,
  reasons: Reasons,
  removal?: (i: number) => { removedBy: number; removedScore: number },
): ReductionResult {
  const isKept = new Uint8Array(n);
  for (const k of kept) isKept[k] = 1;
  const dropped: number[] = [];
  for (let i = 0; i < n; i++) if (!isKept[i]) dropped.push(i);
  const { kept: keptReason, dropped: droppedReason } = reasons();
  const perSlice: SliceDecision[] = Array.from({ length: n }, (_, index) => ({ index, kept: isKept[index] === 1, reason: isKept[index] ? keptReason : droppedReason }));
  const reps = scores ? nearestKeptSlices(scores, kept, dropped) : [];
  dropped.forEach((d, r) => {
    const slice = perSlice[d];
    if (reps[r]) Object.assign(slice, reps[r]);
    if (removal) Object.assign(slice, removal(d));
  });
  return { n, kept, dropped, perSlice, params, stopReason };
}
