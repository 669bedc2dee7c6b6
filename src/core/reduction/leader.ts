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
