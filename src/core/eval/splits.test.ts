import { describe, expect, it } from 'vitest';
import { stratifiedGroupKFold } from './folds';
import { NO_GROUPS_CARVED_VAL, NO_GROUPS_FOLDS, planRuns, SplitError, validationHoldout } from './splits';

const sample = (label: string, i: number, extra: { group?: string; split?: 'train' | 'val' | 'test' } = {}) => ({ label, source: `s${i}`, ...extra });

describe('splits', () => {
  const grouped = Array.from({ length: 60 }, (_, i) => sample(i % 3 === 0 ? 'b' : 'a', i, { group: `vol${Math.floor(i / 4)}` }));

  it('grouped folds keep every group in one test fold', () => {
    const folds = stratifiedGroupKFold(grouped.map((s) => s.label), grouped.map((s) => s.group!), 5);
    const foldOf = new Map<string, Set<number>>();
    grouped.forEach((s, i) => foldOf.set(s.group!, (foldOf.get(s.group!) ?? new Set()).add(folds[i])));
    for (const f of foldOf.values()) expect(f.size).toBe(1);
    expect(new Set(folds)).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('the leakage note comes once, and only where ctsieve draws a split without groups', () => {
    const plain = Array.from({ length: 40 }, (_, i) => sample(i % 2 ? 'b' : 'a', i));
    const part = (i: number) => (i < 24 ? 'train' : i < 32 ? 'val' : 'test');
    expect(planRuns(plain, 5, 1).notes).toEqual([NO_GROUPS_FOLDS]);
    // A given train/val/test split (split folders, COVID-CT's lists, MedMNIST's arrays): the data's own split, no note.
    expect(planRuns(plain.map((s, i) => ({ ...s, split: part(i) as 'train' | 'val' | 'test' })), 3, 1).notes).toEqual([]);
    // A given train/test split: ctsieve carves the validation part, without groups.
    expect(planRuns(plain.map((s, i) => ({ ...s, split: (i < 32 ? 'train' : 'test') as 'train' | 'test' })), 3, 1).notes).toEqual([NO_GROUPS_CARVED_VAL]);
  });

  it('grouped k-fold plans: no group in two parts of a run; every sample tested exactly once', () => {
    const { mode, plans, notes } = planRuns(grouped, 5, 1);
    expect(mode).toBe('grouped-k-fold');
    expect(notes).toEqual([]);
    const tested = plans.flatMap((p) => p.test).sort((a, b) => a - b);
    expect(tested).toEqual(grouped.map((_, i) => i));
    for (const p of plans) {
      const part = (idx: number[]) => new Set(idx.map((i) => grouped[i].group));
      const [tr, va, te] = [part(p.train), part(p.val), part(p.test)];
      for (const g of te) expect(tr.has(g) || va.has(g)).toBe(false);
      for (const g of va) expect(tr.has(g)).toBe(false);
      expect(p.val.length).toBeGreaterThan(0);
    }
  });

  it('validation holdout is about 10% per class and changes with the seed', () => {
    const pool = Array.from({ length: 100 }, (_, i) => i);
    const samples = pool.map((i) => sample(i < 50 ? 'a' : 'b', i));
    const v1 = validationHoldout(samples, pool, 0.1, 1, false);
    expect(v1.filter((i) => i < 50)).toHaveLength(5);
    expect(v1.filter((i) => i >= 50)).toHaveLength(5);
    expect(validationHoldout(samples, pool, 0.1, 2, false)).not.toEqual(v1);
  });

  it('a given val part is used as is, the same in every run', () => {
    const samples = Array.from({ length: 30 }, (_, i) => sample(i % 2 ? 'a' : 'b', i, { split: i < 20 ? 'train' : i < 24 ? 'val' : 'test' }));
    const { mode, plans } = planRuns(samples, 3, 7);
    expect(mode).toBe('given-split');
    for (const p of plans) {
      expect(p.val).toEqual([20, 21, 22, 23]);
      expect(p.train).toHaveLength(20);
      expect(p.test).toEqual([24, 25, 26, 27, 28, 29]);
    }
    expect(plans.map((p) => p.seed)).toEqual([7, 8, 9]);
  });

  it('names mixed or missing splits and groups', () => {
    expect(() => planRuns([sample('a', 0, { split: 'train' }), sample('b', 1)], 5, 1)).toThrow(/s1 has none/);
    expect(() => planRuns([sample('a', 0, { group: 'g' }), sample('b', 1)], 5, 1)).toThrow(SplitError);
    expect(() => planRuns([sample('a', 0, { split: 'train' }), sample('b', 1, { split: 'train' })], 5, 1)).toThrow(/no test part/);
  });
});
