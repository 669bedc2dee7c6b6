/**
 * The leader loop of the paper's released HASH code (Hash_LIDC_Volume.py).
 *
 * ## Method
 * In slice order, the first slice still in the pool becomes an exemplar and is kept; it and every
 * slice still in the pool that is alike to it (HASH: distance <= T) leave the pool. Repeat until
 * the pool is empty. The exemplar e is always the smallest index left, so each test reads the
 * upper-triangle entry M[e][j] (e < j). O(n · exemplars). Unlike the greedy walk it has no
 * survival scores: it is simply run again for each threshold.
 *
 * Every dropped slice lies within the threshold of the exemplar that removed it (its `removedBy`).
 */
import type { CurvePoint } from './greedy';
import type { ScoreMatrix } from './types';
import { isAlike, validateScores } from './scores';

export interface LeaderResult {
  /** Exemplars, in the order chosen (= ascending). */
  exemplars: number[];
  /** Per slice: the exemplar that removed it; its own index for an exemplar. */
  exemplarOf: Int32Array;
  /** Per slice: the score between it and its exemplar (NaN for an exemplar). */
  exemplarScore: Float64Array;
}

export function leaderReduce(scores: ScoreMatrix, threshold: number): LeaderResult {
  validateScores(scores);
  if (Number.isNaN(threshold)) throw new RangeError('leader: threshold is NaN');
  const { n, kind, matrix } = scores;
  const exemplarOf = new Int32Array(n).fill(-1);
  const exemplarScore = new Float64Array(n).fill(NaN);
  const exemplars: number[] = [];
  for (let e = 0; e < n; e++) {
    if (exemplarOf[e] !== -1) continue;
    exemplars.push(e);
    exemplarOf[e] = e;
    for (let j = e + 1; j < n; j++) {
      const s = matrix[e * n + j];
      if (exemplarOf[j] === -1 && isAlike(kind, s, threshold)) {
        exemplarOf[j] = e;
        exemplarScore[j] = s;
      }
    }
  }
  return { exemplars, exemplarOf, exemplarScore };
}

/**
 * Kept count against threshold for the leader loop, in reductionCurve's form (ascending for a
 * distance, descending for a similarity; a point holds until the next one; thresholds stricter
 * than the first point keep every slice). The loop has no survival scores, so it is run at every
 * distinct off-diagonal score (HASH: at most the 65 distances 0..64) and a point is made where the
 * kept count changes.
 */
export function leaderCurve(scores: ScoreMatrix): CurvePoint[] {
  validateScores(scores);
  const { n, kind, matrix } = scores;
  const values = new Set<number>();
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) values.add(matrix[i * n + j]);
  const ordered = [...values].sort((a, b) => (kind === 'distance' ? a - b : b - a));
  const points: CurvePoint[] = [];
  let last = n;
  for (const t of ordered) {
    const kept = leaderReduce(scores, t).exemplars.length;
    if (kept !== last) points.push({ threshold: t, kept, keptFraction: kept / n });
    last = kept;
  }
  return points;
}
