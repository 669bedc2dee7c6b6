/** Conformance: every kept set, removal order and stop reason of the shared golden fixture. */
import { describe, expect, it } from 'vitest';
import { loadGolden } from '../testing/referenceFixture';
import { greedyWalk, keptAtCount, keptAtThreshold, targetCountForFraction } from './greedy';
import { leaderCurve, leaderReduce } from './leader';
import { reduce } from './reduce';
import { scoreMatrixFromRows } from './scores';

const golden = loadGolden();
const hamming = scoreMatrixFromRows(golden.hamming, 'distance');
const similarity = { ssim: scoreMatrixFromRows(golden.ssim, 'similarity'), nmi: scoreMatrixFromRows(golden.nmi, 'similarity') };

describe('leader loop (paper code) on golden Hamming distances', () => {
  for (const [t, expected] of Object.entries(golden.reference_loop)) {
    it(`T = ${t} keeps the golden exemplars`, () => {
      expect(leaderReduce(hamming, Number(t)).exemplars).toEqual(expected);
      const result = reduce(hamming, { method: 'hash', algorithm: 'leader', maxDistance: Number(t) });
      expect(result.kept).toEqual(expected);
    });
  }
});

describe('leader kept-vs-threshold curve on golden Hamming distances', () => {
  const curve = leaderCurve(hamming);
  const keptAt = (t: number) => curve.filter((p) => p.threshold <= t).at(-1)?.kept ?? hamming.n;
  it('gives the golden exemplar count at every golden threshold', () => {
    for (const [t, expected] of Object.entries(golden.reference_loop)) expect(keptAt(Number(t))).toBe(expected.length);
  });
  it('is the loop itself at every threshold 0..64, one point per change, ascending', () => {
    for (let t = 0; t <= 64; t++) expect(keptAt(t)).toBe(leaderReduce(hamming, t).exemplars.length);
    expect(curve.map((p) => p.threshold)).toEqual([...curve.map((p) => p.threshold)].sort((a, b) => a - b));
    curve.forEach((p, i) => expect(p.kept).not.toBe(i ? curve[i - 1].kept : hamming.n));
  });
});

describe('pairwise greedy, HASH by threshold', () => {
  const walk = greedyWalk(hamming);
  for (const [t, g] of Object.entries(golden.pairwise_greedy.hash)) {
    it(`T = ${t}: kept set, removal order and stop reason`, () => {
      expect(keptAtThreshold(walk, Number(t))).toEqual(g.kept);
      expect(Array.from(walk.removalOrder.slice(0, g.removal_order.length))).toEqual(g.removal_order);
      const result = reduce(hamming, { method: 'hash', algorithm: 'greedy', maxDistance: Number(t) });
      expect(result.kept).toEqual(g.kept);
      expect(result.stopReason).toBe(g.stop_reason);
    });
  }
});

describe('pairwise greedy, SSIM and NMI by keep fraction', () => {
  for (const method of ['ssim', 'nmi'] as const) {
    const walk = greedyWalk(similarity[method]);
    for (const [f, g] of Object.entries(golden.pairwise_greedy[method])) {
      it(`${method} f = ${f}: target count, kept set, removal order`, () => {
        const n = similarity[method].n;
        expect(targetCountForFraction(n, Number(f))).toBe(g.target_count);
        expect(keptAtCount(walk, g.target_count as number)).toEqual(g.kept);
        expect(Array.from(walk.removalOrder.slice(0, g.removal_order.length))).toEqual(g.removal_order);
        const result = reduce(similarity[method], { method, algorithm: 'greedy', keepFraction: Number(f) });
        expect(result.kept).toEqual(g.kept);
        expect(result.targetCount).toBe(g.target_count);
        expect(result.stopReason).toBe(g.stop_reason);
      });
    }
  }
});
