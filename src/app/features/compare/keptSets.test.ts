import { describe, expect, it } from 'vitest';
import { agreementCounts, maskToIndices, masksToSets, pairAgreements, runsPath, sliceAt } from './keptSets';

const mask = (n: number, kept: number[]) => {
  const m = new Uint8Array(n);
  kept.forEach((k) => (m[k] = 1));
  return m;
};

describe('masks to kept sets', () => {
  it('lists kept indices in order', () => {
    expect(maskToIndices(new Uint8Array([0, 1, 0, 1, 1]))).toEqual([1, 3, 4]);
  });

  it('names the method whose mask has the wrong length', () => {
    expect(() => masksToSets([{ label: 'SSIM', kept: new Uint8Array(3) }], 4)).toThrow(/'SSIM'.*3 slices, expected 4/);
  });
});

describe('agreement via core', () => {
  const sets = masksToSets(
    [
      { label: 'A', kept: mask(6, [0, 1, 2]) },
      { label: 'B', kept: mask(6, [1, 2, 3, 4]) },
      { label: 'C', kept: mask(6, []) },
    ],
    6,
  );

  it('counts how many methods keep each slice', () => {
    expect([...agreementCounts(sets, 6)]).toEqual([1, 2, 2, 1, 1, 0]);
  });

  it('gives Jaccard and overlap for every pair with their positions', () => {
    const pairs = pairAgreements(sets);
    expect(pairs.map((p) => [p.x, p.y])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    expect(pairs[0].jaccard).toBeCloseTo(2 / 5, 15);
    expect(pairs[0].overlap).toBeCloseTo(2 / 3, 15);
    expect(pairs[0].onlyA).toEqual([0]);
    expect(pairs[1].jaccard).toBe(0);
  });
});

describe('runsPath / sliceAt', () => {
  it('merges consecutive slices into one rectangle', () => {
    expect(runsPath([0, 1, 2, 5])).toBe('M0,0h3v1h-3zM5,0h1v1h-1z');
    expect(runsPath([])).toBe('');
  });

  it('maps strip positions to slices', () => {
    expect(sliceAt(0, 600, 600)).toBe(0);
    expect(sliceAt(599.9, 600, 600)).toBe(599);
    expect(sliceAt(150, 300, 10)).toBe(5);
    expect(sliceAt(-5, 300, 10)).toBe(0);
    expect(sliceAt(400, 300, 10)).toBe(9);
  });
});
