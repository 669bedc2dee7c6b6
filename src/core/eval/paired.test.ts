/**
 * Paired-seed statistics against SciPy 1.10 (tests/fixtures/eval/student_t.json, made by
 * scripts/eval/golden_student_t.py and read through the fixture helper): Student-t quantiles and
 * CDF, paired-t 95% intervals; then verdicts, seeds needed and the per-seed metric.
 */
import { describe, expect, it } from 'vitest';
import { loadStudentTGolden } from '../testing/referenceFixture';
import { halfWidth95, pairedComparison, seedMetrics, seedsNeeded, seedSummary, verdictOf, type SeedMetrics } from './paired';
import { studentTCdf, studentTQuantile } from './studentT';

const golden = loadStudentTGolden();

/** Relative error, with an absolute floor near 0. */
const relErr = (actual: number, expected: number) => Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
/** Golden quantiles our implementation misses by more than `tol` (relative), against `key`. */
const quantileMisses = (cases: typeof golden.quantiles, key: 't' | 'exact', tol: number) => cases.filter((c) => !(relErr(studentTQuantile(c.p, c.df), c[key]) <= tol));

const seeds = (values: number[]): SeedMetrics[] => values.map((auc, seed) => ({ seed, auc, f1: auc, accuracy: auc }));

describe('Student t equals scipy.stats.t', () => {
  it('the golden is SciPy’s and covers tails, the middle, df 1..1000', () => {
    expect(golden.scipy).toMatch(/^1\./);
    expect(Math.min(...golden.quantiles.map((c) => c.p))).toBeLessThan(0.001);
    expect(Math.max(...golden.quantiles.map((c) => c.p))).toBeGreaterThan(0.999);
    expect(new Set(golden.quantiles.map((c) => c.df)).size).toBeGreaterThan(30);
  });

  it('quantiles: within 1e-11 of the 40-digit root, within 1e-8 of t.ppf (SciPy’s own accuracy is ~5e-9)', () => {
    expect(quantileMisses(golden.quantiles, 'exact', 1e-11)).toEqual([]);
    expect(quantileMisses(golden.quantiles, 't', 1e-8)).toEqual([]);
  });

  it('t.cdf: every value within 1e-12', () => {
    const misses = golden.cdf.filter((c) => !(Math.abs(studentTCdf(c.t, c.df) - c.p) <= 1e-12));
    expect(misses).toEqual([]);
  });

  it('a wrong golden quantile fails the comparison (negative control)', () => {
    const c = golden.quantiles.find((q) => q.p === 0.975 && q.df === 4)!;
    expect(quantileMisses([c], 'exact', 1e-12)).toHaveLength(0);
    expect(quantileMisses([{ ...c, exact: c.exact * (1 + 1e-9) }], 'exact', 1e-12)).toHaveLength(1);
    expect(quantileMisses([{ ...c, t: c.t + 0.001 }], 't', 1e-8)).toHaveLength(1);
  });

  it('special cases: p = ½ → 0, the ends → ±∞, symmetry, bad input → NaN', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    expect(studentTQuantile(0.1, 5)).toBeCloseTo(-studentTQuantile(0.9, 5), 14);
    expect(studentTQuantile(0.9, 0)).toBeNaN();
    expect(studentTQuantile(Number.NaN, 3)).toBeNaN();
    expect(studentTCdf(Infinity, 3)).toBe(1);
  });
});

describe('paired comparison equals scipy.stats.t.interval on the differences', () => {
  golden.paired.forEach((c, i) => {
    it(`case ${i}: ${c.a.length} seeds`, () => {
      const r = pairedComparison({ name: 'A', seeds: seeds(c.a) }, { name: 'B', seeds: seeds(c.b) }, 'auc');
      expect(r.pairs).toBe(c.a.length);
      expect(relErr(r.meanDiff, c.meanDiff)).toBeLessThan(1e-12);
      expect(relErr(r.sdDiff!, c.sd)).toBeLessThan(1e-12);
      expect(relErr(r.ci95![0], c.ci95[0])).toBeLessThan(1e-10);
      expect(relErr(r.ci95![1], c.ci95[1])).toBeLessThan(1e-10);
      // The interval excludes 0 exactly when the two-sided paired t-test has p < 0.05.
      expect(r.verdict === 'no difference shown').toBe(c.pValue >= 0.05);
    });
  });

  it('a wrong golden interval fails the comparison (negative control)', () => {
    const c = golden.paired[3];
    const r = pairedComparison({ name: 'A', seeds: seeds(c.a) }, { name: 'B', seeds: seeds(c.b) }, 'auc');
    expect(relErr(r.ci95![0], c.ci95[0] + 1e-6)).toBeGreaterThan(1e-10);
  });
});

describe('verdicts, pairing and seeds needed', () => {
  it('the interval decides: above 0 → b better, below → a better, across → no difference shown', () => {
    expect(verdictOf([0.01, 0.03])).toBe('b better');
    expect(verdictOf([-0.03, -0.001])).toBe('a better');
    expect(verdictOf([-0.01, 0.02])).toBe('no difference shown');
    expect(verdictOf(null)).toBe('no difference shown');
  });

  it('pairs by seed, leaving out seeds only one arm has; one pair gives no interval', () => {
    const a = [{ seed: 1, auc: 0.7, f1: 0.6, accuracy: 0.65 }, { seed: 2, auc: 0.72, f1: 0.6, accuracy: 0.65 }, { seed: 9, auc: 0.1, f1: 0.1, accuracy: 0.1 }];
    const b = [{ seed: 2, auc: 0.75, f1: 0.6, accuracy: 0.65 }, { seed: 1, auc: 0.74, f1: 0.6, accuracy: 0.65 }];
    const r = pairedComparison({ name: 'ALL', seeds: a }, { name: 'HASH', seeds: b }, 'auc');
    expect(r.pairs).toBe(2);
    expect(r.meanDiff).toBeCloseTo(0.035, 12);
    const one = pairedComparison({ name: 'ALL', seeds: a.slice(0, 1) }, { name: 'HASH', seeds: b }, 'auc');
    expect(one).toMatchObject({ pairs: 1, ci95: null, sdDiff: null, verdict: 'no difference shown' });
    expect(one.seedsNeeded.every((s) => s.seeds === null)).toBe(true);
    expect(() => pairedComparison({ name: 'ALL', seeds: a.slice(2) }, { name: 'HASH', seeds: b }, 'auc')).toThrow(/no seed in common/);
  });

  it('a constant improvement is shown with 2 seeds; a noisy one is not', () => {
    const same = pairedComparison({ name: 'a', seeds: seeds([0.7, 0.6, 0.8]) }, { name: 'b', seeds: seeds([0.72, 0.62, 0.82]) }, 'auc');
    expect(same.verdict).toBe('b better');
    const noisy = pairedComparison({ name: 'a', seeds: seeds([0.7, 0.7, 0.7]) }, { name: 'b', seeds: seeds([0.75, 0.66, 0.72]) }, 'auc');
    expect(noisy.verdict).toBe('no difference shown');
  });

  it('seeds needed: the smallest n whose interval half-width is below the difference', () => {
    for (const [sd, delta] of [[0.03, 0.02], [0.03, 0.05], [0.01, 0.02], [0.1, 0.02]]) {
      const n = seedsNeeded(sd, delta)!;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(halfWidth95(sd, n)).toBeLessThan(delta);
      if (n > 2) expect(halfWidth95(sd, n - 1)).toBeGreaterThanOrEqual(delta);
    }
    expect(seedsNeeded(0, 0.02)).toBe(2);
    expect(seedsNeeded(10, 0.001)).toBeNull();
  });

  it('a seed’s metric is the mean over its runs; an arm summary has a t interval over seeds', () => {
    expect(seedMetrics(3, [{ auc: 0.6, f1: 0.5, accuracy: 0.7 }, { auc: 0.8, f1: 0.7, accuracy: 0.9 }])).toEqual({ seed: 3, auc: 0.7, f1: 0.6, accuracy: 0.8 });
    const s = seedSummary([0.7, 0.72, 0.74]);
    expect(s.mean).toBeCloseTo(0.72, 12);
    expect(s.ci95![1] - s.mean).toBeCloseTo(studentTQuantile(0.975, 2) * 0.02 / Math.sqrt(3), 12);
    expect(seedSummary([0.7])).toEqual({ mean: 0.7, std: null, ci95: null });
  });
});
