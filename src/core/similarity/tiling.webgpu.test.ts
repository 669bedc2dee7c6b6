import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PAIRS_PER_CHUNK, planPairTiles, type TileSizes } from './tiling.webgpu';

/** Every pair i ≤ j exactly once, as global indices. */
function coveredPairs(sizes: TileSizes): string[] {
  const seen: string[] = [];
  for (const g of planPairTiles(sizes).groups) {
    for (const chunk of g.chunks) {
      for (let k = 0; k < chunk.length; k += 2) seen.push(`${g.slices[chunk[k]]},${g.slices[chunk[k + 1]]}`);
    }
  }
  return seen;
}

function allPairs(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) out.push(`${i},${j}`);
  return out;
}

describe('planPairTiles', () => {
  const base = { bytesPerSlice: 1000, bytesPerPair: 100, maxBufferBytes: 2 ** 30 };

  it('puts everything in one group and chunk when the budget allows', () => {
    const plan = planPairTiles({ ...base, n: 10, budgetBytes: 1e6 });
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0].chunks).toHaveLength(1);
    expect(plan.totalPairs).toBe(55);
    expect(coveredPairs({ ...base, n: 10, budgetBytes: 1e6 }).sort()).toEqual(allPairs(10).sort());
  });

  it.each([
    [7, 6000],
    [13, 9000],
    [5, 1],
  ])('covers each pair i ≤ j exactly once for n=%i under a budget of %i bytes', (n, budgetBytes) => {
    const pairs = coveredPairs({ ...base, n, budgetBytes });
    expect(pairs.length).toBe((n * (n + 1)) / 2);
    expect([...pairs].sort()).toEqual(allPairs(n).sort());
  });

  it('keeps resident slices and chunk scratch within half the budget each', () => {
    const sizes = { ...base, n: 20, budgetBytes: 12_000 };
    const plan = planPairTiles(sizes);
    for (const g of plan.groups) {
      expect(g.slices.length * sizes.bytesPerSlice).toBeLessThanOrEqual(sizes.budgetBytes / 2);
      for (const c of g.chunks) expect((c.length / 2) * sizes.bytesPerPair).toBeLessThanOrEqual(sizes.budgetBytes / 2);
    }
  });

  it('caps chunks at DEFAULT_MAX_PAIRS_PER_CHUNK pairs so progress and aborts come often', () => {
    const plan = planPairTiles({ ...base, n: 64, budgetBytes: 1e9 });
    expect(plan.pairsPerChunk).toBe(DEFAULT_MAX_PAIRS_PER_CHUNK);
    expect(plan.groups[0].chunks).toHaveLength(Math.ceil(plan.totalPairs / DEFAULT_MAX_PAIRS_PER_CHUNK));
  });

  it('respects the largest buffer the device allows', () => {
    const plan = planPairTiles({ ...base, n: 50, budgetBytes: 1e9, maxBufferBytes: 10_000 });
    expect(plan.blockSize).toBe(5);
    expect(plan.pairsPerChunk).toBe(100);
  });
});
