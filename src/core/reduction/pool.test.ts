import { describe, expect, it } from 'vitest';
import { loadGolden } from '../testing/referenceFixture';
import { agreementTable, compareKeptSets, keptByMethod } from './agreement';
import { applyOverrides, overridesOf } from './overrides';
import { poolStacks, reducePool } from './pool';
import { reduce } from './reduce';
import { scoreMatrixFromRows } from './scores';
import type { ScoreMatrix } from './types';

const golden = loadGolden();
const hamming = scoreMatrixFromRows(golden.hamming, 'distance');

/** The square block [from, to) of a score matrix, as its own matrix. */
function block(s: ScoreMatrix, from: number, to: number): ScoreMatrix {
  const n = to - from;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) matrix.set(s.matrix.subarray((from + i) * s.n + from, (from + i) * s.n + to), i * n);
  return { n, kind: s.kind, matrix };
}

describe('dataset-wide pool', () => {
  const members = [
    { id: 'upper', n: 40 },
    { id: 'lower', n: 24 },
  ];
  const params = { method: 'hash', algorithm: 'greedy', maxDistance: 6 } as const;

  it('reduces the pool as one set and splits it back per volume', () => {
    const pool = reducePool(members, hamming, params);
    expect(pool.pooled.kept).toEqual(golden.pairwise_greedy.hash['6'].kept);
    const upper = pool.volumes[0].result;
    const lower = pool.volumes[1].result;
    expect(upper.kept).toEqual(pool.pooled.kept.filter((k) => k < 40));
    expect(lower.kept).toEqual(pool.pooled.kept.filter((k) => k >= 40).map((k) => k - 40));
    expect(upper.n + lower.n).toBe(64);
    for (const d of lower.perSlice) {
      expect(d.index).toBeLessThan(24);
      if (!d.kept && pool.pooled.perSlice[d.index + 40].nearestKept! < 40) expect(d.nearestKeptVolume).toBe('upper');
    }
    expect(lower.perSlice.some((d) => d.nearestKeptVolume === 'upper')).toBe(true);
  });

  it('differs from per-volume reduction, which keeps at least one slice per volume', () => {
    const perVolume = reduce(block(hamming, 40, 64), params);
    expect(perVolume.kept.length).toBeGreaterThan(0);
  });

  it('checks that the matrix covers the pooled slices and ids are unique', () => {
    expect(() => reducePool([{ id: 'a', n: 10 }], hamming, params)).toThrow(/covers 64 slices but the volumes hold 10/);
    expect(() => reducePool([{ id: 'a', n: 32 }, { id: 'a', n: 32 }], hamming, params)).toThrow(/'a' appears twice/);
  });

  it('pools 8-bit stacks of one size and refuses mixed sizes', () => {
    const a = { n: 2, rows: 1, cols: 2, pixels: Uint8Array.of(1, 2, 3, 4) };
    const b = { n: 1, rows: 1, cols: 2, pixels: Uint8Array.of(5, 6) };
    expect(poolStacks([a, b])).toEqual({ n: 3, rows: 1, cols: 2, pixels: Uint8Array.of(1, 2, 3, 4, 5, 6) });
    expect(() => poolStacks([a, { n: 1, rows: 2, cols: 1, pixels: Uint8Array.of(1, 2) }])).toThrow(/volume 1 has 2×1 slices/);
  });
});

describe('method agreement', () => {
  it('Jaccard and overlap of two kept sets', () => {
    const a = compareKeptSets([0, 1, 2, 3], [2, 3, 4]);
    expect(a).toMatchObject({ intersection: 2, union: 5, jaccard: 2 / 5, overlap: 2 / 3, onlyA: [0, 1], onlyB: [4] });
    expect(compareKeptSets([], [])).toMatchObject({ jaccard: 1, overlap: 1 });
  });

  it('per slice, which methods keep it; pairwise table over golden results', () => {
    const g = golden.pairwise_greedy;
    const sets = [
      { name: 'hash T=6', kept: g.hash['6'].kept },
      { name: 'ssim f=0.1', kept: g.ssim['0.1'].kept },
      { name: 'nmi f=0.1', kept: g.nmi['0.1'].kept },
    ];
    const rows = keptByMethod(sets, 64);
    for (const s of sets) for (const k of s.kept) expect(rows[k].keptBy).toContain(s.name);
    expect(rows.filter((r) => r.keptBy.length > 0).length).toBe(new Set(sets.flatMap((s) => s.kept)).size);
    const table = agreementTable(sets);
    expect(table.map((t) => [t.a, t.b])).toEqual([
      ['hash T=6', 'ssim f=0.1'],
      ['hash T=6', 'nmi f=0.1'],
      ['ssim f=0.1', 'nmi f=0.1'],
    ]);
    for (const t of table) expect(t.jaccard).toBeLessThanOrEqual(t.overlap);
    expect(() => keptByMethod([{ name: 'x', kept: [70] }], 64)).toThrow(/'x' keeps slice 70/);
  });
});

describe('reviewer overrides', () => {
  it('force-keep and force-drop change the sets and are flagged per slice', () => {
    const r = reduce(hamming, { method: 'hash', algorithm: 'leader', maxDistance: 6 });
    const o = applyOverrides(r, new Map([[1, 'keep'], [0, 'drop']] as const));
    expect(o.kept).toEqual([1, ...r.kept.filter((k) => k !== 0)].sort((a, b) => a - b));
    expect(o.perSlice[1]).toMatchObject({ kept: true, override: 'keep', reason: 'near-exemplar' });
    expect(o.perSlice[0]).toMatchObject({ kept: false, override: 'drop', reason: 'exemplar' });
    expect(r.perSlice[1].override).toBeUndefined();
    expect([...overridesOf(o)]).toEqual([[0, 'drop'], [1, 'keep']]);
    expect(() => applyOverrides(r, { 64: 'keep' })).toThrow(/slice 64: outside 0..63/);
  });
});
