/**
 * Conformance of stratifiedGroupKFold with scikit-learn 1.2.1's StratifiedGroupKFold(k, shuffle=False)
 * on the repository golden tests/fixtures/eval/stratified_group_kfold.json (made by
 * scripts/eval/golden_stratified_group_kfold.py, read through the fixture helper): every sample's
 * test fold, exactly.
 */
import { describe, expect, it } from 'vitest';
import { loadGroupKFoldGolden } from '../testing/referenceFixture';
import { stratifiedGroupKFold } from './folds';

const golden = loadGroupKFoldGolden();

/** Indices of the samples whose test fold differs. */
function mismatches(expected: readonly number[], actual: readonly number[]): number[] {
  expect(actual).toHaveLength(expected.length);
  return expected.flatMap((f, i) => (actual[i] === f ? [] : [i]));
}

describe('stratifiedGroupKFold matches scikit-learn StratifiedGroupKFold', () => {
  it('the golden covers several k, 2 and 3 classes, scattered groups', () => {
    expect(golden.sklearn).toMatch(/^1\.2\./);
    expect(new Set(golden.cases.map((c) => c.nSplits)).size).toBeGreaterThanOrEqual(3);
    expect(golden.cases.some((c) => Math.max(...c.labels) === 2)).toBe(true);
    expect(golden.cases.some((c) => c.groups.some((g, i) => i > 0 && g !== c.groups[i - 1] && c.groups.indexOf(g) < i))).toBe(true);
  });

  golden.cases.forEach((c, n) => {
    it(`case ${n}: k ${c.nSplits}, ${c.labels.length} samples in ${new Set(c.groups).size} groups: every sample's test fold`, () => {
      expect(mismatches(c.testFoldOfSample, stratifiedGroupKFold(c.labels, c.groups, c.nSplits))).toEqual([]);
      // Class names instead of numbers: the same folds.
      expect(stratifiedGroupKFold(c.labels.map((y) => `class-${y}`), c.groups, c.nSplits)).toEqual(c.testFoldOfSample);
    });
  });

  it('a wrong fold assignment fails the comparison', () => {
    const c = golden.cases[0];
    // One group moved to the next fold.
    const moved = c.testFoldOfSample.map((f, i) => (c.groups[i] === c.groups[0] ? (f + 1) % c.nSplits : f));
    expect(mismatches(c.testFoldOfSample, moved).length).toBeGreaterThan(0);
    // Groups numbered by first appearance instead of sorted name (sklearn's np.unique) changes some case.
    const byAppearance = golden.cases.some((k) => {
      const first = [...new Set(k.groups)];
      const renamed = k.groups.map((g) => `g${String(first.indexOf(g)).padStart(3, '0')}`);
      return mismatches(k.testFoldOfSample, stratifiedGroupKFold(k.labels, renamed, k.nSplits)).length > 0;
    });
    expect(byAppearance).toBe(true);
  });
});
