/** Which sets the confusability chart measures. */
import { describe, expect, it } from 'vitest';
import { greedyWalk, reductionCurve } from '../../../core/reduction/greedy';
import type { ScoreMatrix } from '../../../core/reduction/types';
import { chartSets, chartThresholds, distinctSets } from './sets';

/** Hamming-like distances |i − j|·2 between 12 slices: the greedy walk drops neighbours first. */
const n = 12;
const scores: ScoreMatrix = { n, kind: 'distance', matrix: Float64Array.from({ length: n * n }, (_, k) => Math.abs(Math.floor(k / n) - (k % n)) * 2) };
const walk = greedyWalk(scores);
const curve = reductionCurve(walk);

describe('confusability chart sets', () => {
  it('HASH: the fixed bit thresholds, always with the paper’s 3, 6 and 12', () => {
    const ts = chartThresholds('hash', curve);
    for (const t of [3, 6, 12]) expect(ts).toContain(t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('ALL first, then each threshold’s kept set as the slider would give it', () => {
    const sets = chartSets({ method: 'hash', algorithm: 'greedy', n, scores, walk, curve });
    expect(sets[0]).toEqual({ threshold: null, kept: Array.from({ length: n }, (_, i) => i) });
    const t3 = sets.find((s) => s.threshold === 3)!;
    // distance 2 between neighbours ≤ 3: every other slice goes, and no two kept slices are alike
    for (let a = 0; a < t3.kept.length; a++) for (let b = a + 1; b < t3.kept.length; b++) expect(Math.abs(t3.kept[a] - t3.kept[b]) * 2).toBeGreaterThan(3);
    expect(sets.map((s) => s.kept.length)).toEqual([...sets.map((s) => s.kept.length)].sort((a, b) => b - a));
  });

  it('similarity methods: up to 8 thresholds spread over the kept fraction', () => {
    const sim: ScoreMatrix = { ...scores, kind: 'similarity', matrix: scores.matrix.map((d) => 1 - d / 40) };
    const ts = chartThresholds('ssim', reductionCurve(greedyWalk(sim)));
    expect(ts.length).toBeGreaterThan(3);
    expect(ts.length).toBeLessThanOrEqual(8);
  });

  it('measures identical kept sets once', () => {
    const { unique, index } = distinctSets([{ threshold: null, kept: [0, 1, 2] }, { threshold: 1, kept: [0, 2] }, { threshold: 2, kept: [0, 2] }]);
    expect(unique).toEqual([[0, 1, 2], [0, 2]]);
    expect(index).toEqual([0, 1, 1]);
  });
});
