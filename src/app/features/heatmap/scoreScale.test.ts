import { describe, expect, it } from 'vitest';
import { alikeness, formatScore, scoreAt, scoreRange, METHOD_UNITS } from './scoreScale';

describe('scoreRange', () => {
  it('spans the finite off-diagonal scores', () => {
    // 3×3 distances; the diagonal (0) and a NaN are ignored.
    const m = new Float64Array([0, 5, 9, 5, 0, NaN, 9, 2, 0]);
    expect(scoreRange(m, 3)).toEqual({ min: 2, max: 9 });
  });

  it('uses the single cell of a 1×1 matrix', () => {
    expect(scoreRange(new Float64Array([1]), 1)).toEqual({ min: 1, max: 1 });
  });

  it('falls back to 0..0 when nothing is finite', () => {
    expect(scoreRange(new Float64Array([0, NaN, Infinity, 0]), 2)).toEqual({ min: 0, max: 0 });
  });

  it('names the size mismatch', () => {
    expect(() => scoreRange(new Float64Array(5), 2)).toThrow(/5 entries, expected n\*n = 4/);
  });
});

describe('alikeness', () => {
  const range = { min: 2, max: 10 };
  it('maps high similarity and low distance to the same end (t = 1)', () => {
    expect(alikeness(10, range, 'similarity')).toBe(1);
    expect(alikeness(2, range, 'distance')).toBe(1);
    expect(alikeness(2, range, 'similarity')).toBe(0);
    expect(alikeness(10, range, 'distance')).toBe(0);
    expect(alikeness(4, range, 'distance')).toBeCloseTo(0.75, 12);
  });

  it('clamps scores outside the range and flags non-finite ones', () => {
    expect(alikeness(0, range, 'distance')).toBe(1);
    expect(alikeness(99, range, 'similarity')).toBe(1);
    expect(alikeness(NaN, range, 'similarity')).toBeNaN();
  });

  it('maps everything to alike when the range is empty', () => {
    expect(alikeness(3, { min: 3, max: 3 }, 'similarity')).toBe(1);
  });

  it('is inverted by scoreAt', () => {
    for (const kind of ['distance', 'similarity'] as const) {
      for (const v of [2, 3.5, 7, 10]) expect(scoreAt(alikeness(v, range, kind), range, kind)).toBeCloseTo(v, 12);
    }
  });
});

describe('formatScore', () => {
  it('prints HASH as integers, others with 4 decimals, non-finite as a dash', () => {
    expect(formatScore(6, 'hash')).toBe('6');
    expect(formatScore(0.973149, 'ssim')).toBe('0.9731');
    expect(formatScore(NaN, 'nmi')).toBe('—');
  });
});

describe('METHOD_UNITS', () => {
  it('names each score with its unit and range from the method table', () => {
    expect(METHOD_UNITS).toEqual({ hash: 'Hamming distance (bits, 0–64)', ssim: 'SSIM (−1…1)', nmi: 'NMI (1…2)', deepnet: 'cosine similarity (−1…1)' });
  });
});
