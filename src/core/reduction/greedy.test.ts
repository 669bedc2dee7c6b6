import { describe, expect, it } from 'vitest';
import { greedyWalk, keptAtCount, keptAtThreshold, reductionCurve, stopReasonAtThreshold, targetCountForFraction } from './greedy';
import { isAlike, pairScore } from './scores';
import { randomScores } from './testing/matrices';
import type { DropRule, ScoreMatrix } from './types';

/** The greedy loop written straight from DESIGN.md's prose, stopping at threshold T. */
function naiveGreedy(scores: ScoreMatrix, threshold: number, drop: DropRule = 'later'): number[] {
  const { n, kind } = scores;
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  const sign = kind === 'distance' ? 1 : -1;
  pairs.sort((a, b) => sign * (pairScore(scores, ...a) - pairScore(scores, ...b)) || a[0] - b[0] || a[1] - b[1]);
  const alive = new Array<boolean>(n).fill(true);
  for (const [i, j] of pairs) {
    if (!isAlike(kind, pairScore(scores, i, j), threshold)) break;
    if (alive[i] && alive[j]) alive[drop === 'later' ? j : i] = false;
  }
  return alive.flatMap((a, i) => (a ? [i] : []));
}

const isSubset = (a: number[], b: number[]): boolean => a.every((x) => b.includes(x));

describe('greedyWalk survival scores', () => {
  for (const drop of ['later', 'earlier'] as const) {
    it(`kept(T) equals a walk stopped at T (distance, ties, drop ${drop})`, () => {
      const scores = randomScores(40, 'distance', 7);
      const walk = greedyWalk(scores, { drop });
      for (let t = 0; t <= 64; t += 3) expect(keptAtThreshold(walk, t)).toEqual(naiveGreedy(scores, t, drop));
    });
  }

  it('kept(T) equals a walk stopped at T (similarity)', () => {
    const scores = randomScores(35, 'similarity', 11);
    const walk = greedyWalk(scores);
    for (const t of [0.999, 0.99, 0.95, 0.9, 0.5, 0.1, 0]) expect(keptAtThreshold(walk, t)).toEqual(naiveGreedy(scores, t));
  });

  it('drops the earlier slice of a pair with drop "earlier"', () => {
    const matrix = Float64Array.from([0, 1, 9, 1, 0, 9, 9, 9, 0]);
    expect(keptAtThreshold(greedyWalk({ n: 3, kind: 'distance', matrix }), 1)).toEqual([0, 2]);
    expect(keptAtThreshold(greedyWalk({ n: 3, kind: 'distance', matrix }, { drop: 'earlier' }), 1)).toEqual([1, 2]);
  });

  it('reads only the upper triangle', () => {
    const matrix = Float64Array.from([0, 1, 50, 0]);
    expect(keptAtThreshold(greedyWalk({ n: 2, kind: 'distance', matrix }), 2)).toEqual([0]);
  });

  it('records the pair that removed each slice and keeps one slice forever', () => {
    const scores = randomScores(30, 'distance', 3);
    const walk = greedyWalk(scores);
    expect(walk.removalOrder.length).toBe(29);
    const survivors = [...walk.survival].filter((s) => s === Infinity);
    expect(survivors).toHaveLength(1);
    for (const d of walk.removalOrder) expect(pairScore(scores, d, walk.removedBy[d])).toBe(walk.survival[d]);
  });

  it('handles n = 0 and n = 1', () => {
    expect(keptAtThreshold(greedyWalk({ n: 0, kind: 'distance', matrix: new Float64Array() }), 5)).toEqual([]);
    const one = greedyWalk({ n: 1, kind: 'similarity', matrix: Float64Array.of(1) });
    expect(keptAtThreshold(one, 0)).toEqual([0]);
    expect(keptAtCount(one, 1)).toEqual([0]);
    expect(stopReasonAtThreshold(one, 0)).toBe('exhausted');
  });

  it('rejects NaN scores naming the pair', () => {
    const matrix = Float64Array.from([1, NaN, NaN, 1]);
    expect(() => greedyWalk({ n: 2, kind: 'similarity', matrix })).toThrow(/pair \(0, 1\) is NaN/);
  });
});

describe('greedy properties', () => {
  it('kept sets nest: a stricter threshold keeps a superset of a more permissive one', () => {
    for (const seed of [1, 2, 3]) {
      const dist = greedyWalk(randomScores(50, 'distance', seed));
      for (let t = 0; t < 64; t++) expect(isSubset(keptAtThreshold(dist, t + 1), keptAtThreshold(dist, t))).toBe(true);
      const sim = greedyWalk(randomScores(50, 'similarity', seed));
      for (let t = 0; t < 1; t += 0.05) expect(isSubset(keptAtThreshold(sim, t), keptAtThreshold(sim, t + 0.05))).toBe(true);
    }
  });

  it('kept sets nest by count and target counts are met exactly', () => {
    const walk = greedyWalk(randomScores(45, 'similarity', 5));
    let previous: number[] = [];
    for (let k = 1; k <= 45; k++) {
      const kept = keptAtCount(walk, k);
      expect(kept).toHaveLength(k);
      expect(isSubset(previous, kept)).toBe(true);
      previous = kept;
    }
  });

  it('target count for a keep fraction is max(1, floor(f*n + 0.5))', () => {
    expect(targetCountForFraction(64, 0.1)).toBe(6);
    expect(targetCountForFraction(10, 0.25)).toBe(3);
    expect(targetCountForFraction(3, 0.01)).toBe(1);
    expect(() => targetCountForFraction(10, 0)).toThrow(/keep fraction 0/);
  });

  it('the curve agrees with keptAtThreshold at and between its points', () => {
    const scores = randomScores(40, 'distance', 9);
    const walk = greedyWalk(scores);
    const curve = reductionCurve(walk);
    for (const p of curve) {
      expect(keptAtThreshold(walk, p.threshold)).toHaveLength(p.kept);
      expect(p.keptFraction).toBeCloseTo(p.kept / 40, 15);
    }
    expect(keptAtThreshold(walk, curve[0].threshold - 0.5)).toHaveLength(40);
    expect(curve.at(-1)?.kept).toBe(1);
    for (let i = 1; i < curve.length; i++) expect(curve[i].threshold).toBeGreaterThan(curve[i - 1].threshold);
  });

  it('similarity curves run from the highest threshold down', () => {
    const walk = greedyWalk(randomScores(30, 'similarity', 4));
    const curve = reductionCurve(walk);
    for (let i = 1; i < curve.length; i++) expect(curve[i].threshold).toBeLessThan(curve[i - 1].threshold);
    for (const p of curve) expect(keptAtThreshold(walk, p.threshold)).toHaveLength(p.kept);
  });
});
