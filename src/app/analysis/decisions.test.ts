import { describe, expect, it } from 'vitest';
import { greedyWalk } from '../../core/reduction/greedy';
import type { ScoreMatrix } from '../../core/reduction/types';
import { decideSlices, type DecisionInput } from './decisions';

/** 4 slices: 0~1 (distance 1), 2~3 (distance 2), everything else 10 apart. */
function hashScores(): ScoreMatrix {
  const d = [
    [0, 1, 10, 10],
    [1, 0, 10, 10],
    [10, 10, 0, 2],
    [10, 10, 2, 0],
  ];
  return { n: 4, kind: 'distance', matrix: Float64Array.from(d.flat()) };
}

function input(over: Partial<DecisionInput>): DecisionInput {
  const scores = hashScores();
  return { method: 'hash', algorithm: 'greedy', thresholdMode: 'threshold', threshold: 1, keepPercent: 50, n: 4, scores, walk: greedyWalk(scores), ...over };
}

describe('decideSlices', () => {
  it('follows the threshold with one precomputed walk', () => {
    expect(decideSlices(input({ threshold: 0 }))?.kept).toEqual([0, 1, 2, 3]);
    expect(decideSlices(input({ threshold: 1 }))?.kept).toEqual([0, 2, 3]);
    expect(decideSlices(input({ threshold: 2 }))?.kept).toEqual([0, 2]);
  });
  it('keeps a percentage of slices in keep-% mode', () => {
    expect(decideSlices(input({ thresholdMode: 'keepPercent', keepPercent: 75 }))?.kept).toEqual([0, 2, 3]);
  });
  it('needs scores for similarity methods but not for the baselines', () => {
    expect(decideSlices(input({ scores: undefined, walk: undefined }))).toBeUndefined();
    expect(decideSlices(input({ method: 'everyn', threshold: 2, scores: undefined, walk: undefined }))?.kept).toEqual([0, 2]);
    expect(decideSlices(input({ method: 'all', scores: undefined, walk: undefined }))?.kept).toEqual([0, 1, 2, 3]);
  });
  it('applies reviewer overrides, flagged, and re-points representatives', () => {
    const result = decideSlices(input({ threshold: 2, overrides: { 0: 'drop', 3: 'keep' } }));
    expect(result?.kept).toEqual([2, 3]);
    expect(result?.perSlice[0]).toMatchObject({ kept: false, override: 'drop', nearestKept: 2, score: 10 });
    expect(result?.perSlice[3]).toMatchObject({ kept: true, override: 'keep' });
    expect(result?.perSlice[1]).toMatchObject({ kept: false, nearestKept: 2, score: 10 });
  });
  it('uses the leader loop for HASH when asked', () => {
    expect(decideSlices(input({ algorithm: 'leader', threshold: 2, walk: undefined }))?.kept).toEqual([0, 2]);
  });
});
