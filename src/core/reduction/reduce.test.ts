import { describe, expect, it } from 'vitest';
import { loadGolden } from '../testing/referenceFixture';
import { greedyWalk } from './greedy';
import { leaderReduce } from './leader';
import { reduce } from './reduce';
import { pairScore, scoreMatrixFromRows } from './scores';
import { randomScores } from './testing/matrices';

const golden = loadGolden();
const hamming = scoreMatrixFromRows(golden.hamming, 'distance');
const ssim = scoreMatrixFromRows(golden.ssim, 'similarity');

describe('reduce: baselines', () => {
  it('ALL keeps every slice', () => {
    const r = reduce(5, { method: 'all' });
    expect(r.kept).toEqual([0, 1, 2, 3, 4]);
    expect(r.dropped).toEqual([]);
    expect(r.stopReason).toBe('baseline');
    expect(r.perSlice.every((d) => d.reason === 'all')).toBe(true);
  });

  it('EveryN keeps i % N == 0, with representatives when scores are given', () => {
    expect(reduce(10, { method: 'everyn', every: 3 }).kept).toEqual([0, 3, 6, 9]);
    const r = reduce(hamming, { method: 'everyn', every: 8 });
    expect(r.kept).toEqual([0, 8, 16, 24, 32, 40, 48, 56]);
    const d = r.perSlice[5];
    expect(d).toMatchObject({ kept: false, reason: 'not-every-n' });
    expect(r.kept).toContain(d.nearestKept);
    expect(d.score).toBe(pairScore(hamming, 5, d.nearestKept as number));
  });
});

describe('reduce: representatives', () => {
  it('each dropped slice names the most alike kept slice (ties: smaller index)', () => {
    const r = reduce(ssim, { method: 'ssim', algorithm: 'greedy', keepFraction: 0.2 });
    for (const d of r.dropped) {
      const slice = r.perSlice[d];
      const best = Math.max(...r.kept.map((k) => pairScore(ssim, d, k)));
      expect(slice.score).toBe(best);
      expect(slice.nearestKept).toBe(r.kept.find((k) => pairScore(ssim, d, k) === best));
      expect(slice.reason).toBe('alike-pair');
      expect(slice.removedScore).toBe(pairScore(ssim, d, slice.removedBy as number));
    }
    for (const k of r.kept) expect(r.perSlice[k]).toEqual({ index: k, kept: true, reason: 'survivor' });
  });

  it('reuses a given walk and refuses one made for other scores', () => {
    const walk = greedyWalk(hamming);
    const a = reduce(hamming, { method: 'hash', algorithm: 'greedy', maxDistance: 6 }, { walk });
    expect(a.kept).toEqual(golden.pairwise_greedy.hash['6'].kept);
    expect(() => reduce(hamming, { method: 'hash', algorithm: 'greedy', maxDistance: 6, drop: 'earlier' }, { walk })).toThrow(/drop later/);
  });

  it('target count params keep exactly that many', () => {
    expect(reduce(ssim, { method: 'ssim', algorithm: 'greedy', targetCount: 17 }).kept).toHaveLength(17);
  });
});

describe('leader loop properties', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`every dropped slice lies within T of its exemplar (seed ${seed})`, () => {
      const scores = randomScores(60, 'distance', seed);
      for (const t of [2, 6, 12, 30]) {
        const r = reduce(scores, { method: 'hash', algorithm: 'leader', maxDistance: t });
        const { exemplarOf } = leaderReduce(scores, t);
        for (const d of r.dropped) {
          const slice = r.perSlice[d];
          expect(slice.reason).toBe('near-exemplar');
          expect(slice.removedBy).toBe(exemplarOf[d]);
          expect(r.kept).toContain(slice.removedBy);
          expect(pairScore(scores, d, slice.removedBy as number)).toBeLessThanOrEqual(t);
          expect(slice.score as number).toBeLessThanOrEqual(slice.removedScore as number);
        }
        for (let a = 0; a < r.kept.length; a++) {
          for (let b = a + 1; b < r.kept.length; b++) expect(pairScore(scores, r.kept[a], r.kept[b])).toBeGreaterThan(t);
        }
      }
    });
  }
});

describe('reduce: parameter checks name the method and value', () => {
  it.each([
    [{ method: 'hash', algorithm: 'greedy', maxDistance: 65 }, /hash: maxDistance 65 is outside 0..64/],
    [{ method: 'ssim', algorithm: 'greedy', minSimilarity: 1.5 }, /ssim: minSimilarity 1.5 is outside -1..1/],
    [{ method: 'nmi', algorithm: 'greedy', minSimilarity: 0.5 }, /nmi: minSimilarity 0.5 is outside 1..2/],
    [{ method: 'hash', algorithm: 'greedy', minSimilarity: 3 }, /hash: scores are distances, so the threshold is maxDistance/],
    [{ method: 'ssim', algorithm: 'leader', minSimilarity: 0.9 }, /ssim: the leader algorithm is defined for hash only/],
    [{ method: 'ssim', algorithm: 'greedy', keepFraction: 0 }, /ssim: keepFraction 0 must be in \(0, 1\]/],
    [{ method: 'ssim', algorithm: 'greedy', targetCount: 65 }, /ssim: targetCount 65 must be an integer in 1..64/],
    [{ method: 'ssim', algorithm: 'greedy', keepFraction: 0.1, targetCount: 3 }, /exactly one of/],
    [{ method: 'everyn', every: 0 }, /everyn: every must be an integer >= 1, got 0/],
    [{ method: 'foo' }, /unknown reduction method 'foo'/],
  ])('%j', (params, message) => {
    // Deliberately malformed params: the point is the runtime check, not the type.
    expect(() => reduce(ssim, params as never)).toThrow(message);
  });

  it('refuses scores pointing the wrong way', () => {
    expect(() => reduce(ssim, { method: 'hash', algorithm: 'greedy', maxDistance: 6 })).toThrow(/hash: scores must be distances/);
  });

  it('needs scores for similarity methods', () => {
    expect(() => reduce(10, { method: 'hash', algorithm: 'greedy', maxDistance: 6 })).toThrow(/score matrix is needed/);
  });
});
