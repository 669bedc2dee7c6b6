/**
 * The representative of a dropped slice: the most alike slice of the final kept set.
 * Pair scores are read from the upper triangle (M[min][max]); ties go to the smaller kept index.
 * O(dropped · kept).
 */
import type { ScoreMatrix } from './types';
import { moreAlike, pairScore } from './scores';

export interface Representative {
  nearestKept: number;
  score: number;
}

/** For each dropped slice (in the order given), its most alike kept slice; none when nothing is kept. */
export function nearestKeptSlices(scores: ScoreMatrix, kept: readonly number[], dropped: readonly number[]): (Representative | undefined)[] {
  return dropped.map((d) => {
    let best: Representative | undefined;
    for (const k of kept) {
      const s = pairScore(scores, d, k);
      if (!best || moreAlike(scores.kind, s, best.score)) best = { nearestKept: k, score: s };
    }
    return best;
  });
}
