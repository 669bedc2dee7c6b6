/**
 * Conformance with scikit-learn 1.2.1 (fixtures/reference/metrics/metrics.json, read through the
 * fixture helper): AUC with ties, F1, accuracy, StratifiedKFold folds, mean and std, to 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { loadMetricsGolden } from '../testing/referenceFixture';
import { accuracy, argmaxRows, f1Score, mean, rocAuc, rocAucBinary, runMetrics, std, summariseRuns } from './metrics';
import { stratifiedKFold } from './folds';

const golden = loadMetricsGolden();
const TOL = 1e-12;

describe('metrics match scikit-learn', () => {
  it('has binary, multi-class and tied cases', () => {
    expect(golden.cases.some((c) => c.classes === 2)).toBe(true);
    expect(golden.cases.some((c) => c.classes > 2)).toBe(true);
  });

  golden.cases.forEach((c, i) => {
    it(`case ${i} (${c.classes} classes, ${c.labels.length} samples): argmax, AUC, F1, accuracy`, () => {
      expect(argmaxRows(c.probabilities)).toEqual(c.predicted);
      expect(Math.abs(rocAuc(c.labels, c.probabilities) - c.auc)).toBeLessThan(TOL);
      expect(Math.abs(f1Score(c.labels, c.predicted, c.classes) - c.f1)).toBeLessThan(TOL);
      expect(Math.abs(accuracy(c.labels, c.predicted) - c.accuracy)).toBeLessThan(TOL);
      const m = runMetrics(c.labels, c.probabilities);
      expect(Math.abs(m.auc - c.auc)).toBeLessThan(TOL);
      expect(Math.abs(m.f1 - c.f1)).toBeLessThan(TOL);
    });
  });

  it('a wrong value fails the comparison (ranks without tie averaging, or one flipped prediction)', () => {
    const tied = golden.cases.find((c) => c.classes === 2 && new Set(c.probabilities.map((p) => p[1])).size < c.labels.length)!;
    // Ordinal ranks instead of average ranks must move the AUC off sklearn's value.
    const scores = tied.probabilities.map((p) => p[1]);
    const jittered = scores.map((s, i) => s + i * 1e-9);
    expect(Math.abs(rocAucBinary(tied.labels.map((y) => y === 1), jittered) - tied.auc)).toBeGreaterThan(TOL);
    const flipped = [...tied.predicted];
    flipped[0] = 1 - flipped[0];
    expect(Math.abs(accuracy(tied.labels, flipped) - tied.accuracy)).toBeGreaterThan(TOL);
    expect(Math.abs(f1Score(tied.labels, flipped, 2) - tied.f1)).toBeGreaterThan(TOL);
  });

  it('StratifiedKFold(5, shuffle=False) assigns every sample to the same test fold', () => {
    const { labels, nSplits, testFoldOfSample } = golden.stratifiedKFold;
    expect(stratifiedKFold(labels, nSplits)).toEqual(testFoldOfSample);
    // The same labels as strings give the same folds (classes are encoded by first appearance).
    expect(stratifiedKFold(labels.map((y) => `c${y}`), nSplits)).toEqual(testFoldOfSample);
  });

  it('mean, population std and sample std (ddof 1)', () => {
    const { values, mean: m, stdPopulation, stdSample } = golden.meanStd;
    expect(Math.abs(mean(values) - m)).toBeLessThan(TOL);
    expect(Math.abs(std(values, 0) - stdPopulation)).toBeLessThan(TOL);
    expect(Math.abs(std(values, 1) - stdSample)).toBeLessThan(TOL);
    const s = summariseRuns(values.map((v) => ({ auc: v, f1: v, accuracy: v })));
    expect(Math.abs(s.std.auc - stdSample)).toBeLessThan(TOL);
  });

  it('AUC of one class present is an error, not a number', () => {
    expect(() => rocAucBinary([true, true], [0.1, 0.2])).toThrow(/only one class/);
  });
});
