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

  it('a wrong golden value fails the comparison (each case, each metric, perturbed by 1e-9)', () => {
    for (const c of golden.cases) {
      const m = runMetrics(c.labels, c.probabilities);
      for (const key of ['auc', 'f1', 'accuracy'] as const) expect(Math.abs(m[key] - (c[key] + 1e-9))).toBeGreaterThan(TOL);
    }
  });

  it('ties across classes count one half (own tied case: ordinal ranks would miss it), and a flipped prediction moves accuracy and F1', () => {
    // The golden need not hold a positive and a negative with equal scores (another seed's does
    // not), so make one: give the first positive the first negative's score.
    const c = golden.cases.find((k) => k.classes === 2)!;
    const positive = c.labels.map((y) => y === 1);
    const scores = c.probabilities.map((p) => p[1]);
    scores[positive.indexOf(true)] = scores[positive.indexOf(false)];
    // AUC as the Mann–Whitney statistic over all (positive, negative) pairs, a tie counting 1/2;
    // counting a tie as a win (what ranks without averaging can give) is a wrong value.
    let wins = 0;
    let ties = 0;
    let pairs = 0;
    for (let i = 0; i < scores.length; i++) {
      for (let j = 0; j < scores.length; j++) {
        if (!positive[i] || positive[j]) continue;
        pairs++;
        if (scores[i] > scores[j]) wins++;
        else if (scores[i] === scores[j]) ties++;
      }
    }
    expect(ties).toBeGreaterThan(0);
    const auc = rocAucBinary(positive, scores);
    expect(Math.abs(auc - (wins + ties / 2) / pairs)).toBeLessThan(TOL);
    expect(Math.abs(auc - (wins + ties) / pairs)).toBeGreaterThan(TOL);
    // Flip one prediction: a false negative to positive, else a true negative to positive (F1 falls while TP > 0).
    const fn = c.predicted.findIndex((p, i) => p === 0 && c.labels[i] === 1);
    const k = fn >= 0 ? fn : c.predicted.findIndex((p, i) => p === 0 && c.labels[i] === 0);
    const flipped = [...c.predicted];
    flipped[k] = 1;
    expect(Math.abs(accuracy(c.labels, flipped) - c.accuracy)).toBeGreaterThan(TOL);
    expect(Math.abs(f1Score(c.labels, flipped, 2) - c.f1)).toBeGreaterThan(TOL);
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
