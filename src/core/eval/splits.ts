/**
 * Which samples train, validate and test in each run. With a split given by the data: the same
 * split for every run, one seed per run (a missing val part is carved from train per seed).
 * Without one: stratified k-fold (grouped when every sample has a group), one run per fold, and
 * a stratified (grouped) validation holdout inside each training fold.
 */
import { stratifiedGroupKFold, stratifiedKFold } from './folds';
import { createRng, shuffleInPlace } from './random';
import type { LabelledSample, SplitName } from './types';

export interface RunPlan {
  run: number;
  seed: number;
  fold?: number;
  train: number[];
  val: number[];
  test: number[];
}

export type SplitMode = 'given-split' | 'k-fold' | 'grouped-k-fold';

export interface SplitPlan {
  mode: SplitMode;
  plans: RunPlan[];
  notes: string[];
}

type SampleKeys = Pick<LabelledSample, 'label' | 'group' | 'split' | 'source'>;

export class SplitError extends Error {
  override name = 'SplitError';
}

/** The runs of one evaluation: `runs` seeds on a given split, or `runs` folds. */
export function planRuns(samples: readonly SampleKeys[], runs: number, seed: number, valFraction = 0.1): SplitPlan {
  if (!Number.isInteger(runs) || runs < 1) throw new SplitError(`runs must be a positive integer (got ${runs})`);
  const withSplit = samples.filter((s) => s.split !== undefined).length;
  if (withSplit > 0 && withSplit < samples.length) {
    const missing = samples.find((s) => s.split === undefined)!;
    throw new SplitError(`${withSplit} of ${samples.length} samples have a split but ${missing.source} has none; give every sample a split or none`);
  }
  const withGroup = samples.filter((s) => s.group !== undefined).length;
  if (withGroup > 0 && withGroup < samples.length) {
    const missing = samples.find((s) => s.group === undefined)!;
    throw new SplitError(`${withGroup} of ${samples.length} samples have a group but ${missing.source} has none; give every sample a group or none`);
  }
  const grouped = withGroup > 0;
  if (withSplit > 0) return { mode: 'given-split', plans: givenSplitPlans(samples, runs, seed, valFraction, grouped), notes: givenSplitNotes(samples, grouped) };
  const notes = grouped ? [] : [NO_GROUPS_FOLDS];
  if (runs < 2) throw new SplitError('cross-validation needs at least 2 folds (--folds 2 or more), or give a train/test split');
  const labels = samples.map((s) => s.label);
  const folds = grouped ? stratifiedGroupKFold(labels, samples.map((s) => s.group!), runs) : stratifiedKFold(labels, runs);
  const plans = Array.from({ length: runs }, (_, f) => {
    const test = indicesWhere(folds, (x) => x === f);
    const rest = indicesWhere(folds, (x) => x !== f);
    const runSeed = seed + f;
    const val = validationHoldout(samples, rest, valFraction, runSeed, grouped);
    return { run: f, seed: runSeed, fold: f, train: without(rest, val), val, test };
  });
  checkPlans(samples, plans);
  return { mode: grouped ? 'grouped-k-fold' : 'k-fold', plans, notes };
}

/**
 * The one leakage note, made only where ctsieve draws a split without groups: folds (test parts),
 * or a validation part carved from a given split's training part. A split the data give (split
 * folders, a CSV column, MedMNIST's arrays, COVID-CT's lists) is the data's own: no note.
 */
export const NO_GROUPS_FOLDS = 'no groups (patient or volume) given: ctsieve made the folds slice by slice, so slices of one volume may fall into both training and test parts and inflate the scores';
export const NO_GROUPS_CARVED_VAL = 'no groups (patient or volume) given: the validation part ctsieve carved from the given training part may share volumes with it (early stopping may stop late); the given test part is untouched';

function givenSplitNotes(samples: readonly SampleKeys[], grouped: boolean): string[] {
  return !grouped && !samples.some((s) => s.split === 'val') ? [NO_GROUPS_CARVED_VAL] : [];
}

function givenSplitPlans(samples: readonly SampleKeys[], runs: number, seed: number, valFraction: number, grouped: boolean): RunPlan[] {
  const part = (name: SplitName) => indicesWhere(samples, (s) => s.split === name);
  const [train, val, test] = [part('train'), part('val'), part('test')];
  if (test.length === 0) throw new SplitError('the given split has no test part (a test/ folder or split=test rows)');
  if (train.length === 0) throw new SplitError('the given split has no train part (a train/ folder or split=train rows)');
  const plans = Array.from({ length: runs }, (_, r) => {
    const runSeed = seed + r;
    const carved = val.length ? val : validationHoldout(samples, train, valFraction, runSeed, grouped);
    return { run: r, seed: runSeed, train: val.length ? train : without(train, carved), val: carved, test };
  });
  checkPlans(samples, plans);
  return plans;
}

/**
 * A random stratified holdout of about `fraction` of `pool`, whole groups at a time: units
 * (groups, or single samples) are shuffled by the seed, and a unit joins the holdout while its
 * majority class has fewer than round(fraction · class size) (at least 1) held-out samples.
 */
export function validationHoldout(samples: readonly SampleKeys[], pool: readonly number[], fraction: number, seed: number, grouped: boolean): number[] {
  const units = new Map<string, number[]>();
  for (const i of pool) {
    const key = grouped ? `g:${samples[i].group}` : `s:${i}`;
    units.set(key, [...(units.get(key) ?? []), i]);
  }
  const classSize = new Map<string, number>();
  for (const i of pool) classSize.set(samples[i].label, (classSize.get(samples[i].label) ?? 0) + 1);
  const held = new Map<string, number>();
  const out: number[] = [];
  for (const members of shuffleInPlace([...units.values()], createRng(seed))) {
    const cls = majorityLabel(members.map((i) => samples[i].label));
    const target = Math.max(1, Math.round(fraction * classSize.get(cls)!));
    if ((held.get(cls) ?? 0) >= target || members.length >= classSize.get(cls)!) continue;
    held.set(cls, (held.get(cls) ?? 0) + members.length);
    out.push(...members);
  }
  return out.sort((a, b) => a - b);
}

function majorityLabel(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/** Every run must train on every class and have something to validate and test on. */
function checkPlans(samples: readonly SampleKeys[], plans: RunPlan[]): void {
  const classes = new Set(samples.map((s) => s.label));
  for (const p of plans) {
    const trained = new Set(p.train.map((i) => samples[i].label));
    const absent = [...classes].filter((c) => !trained.has(c));
    if (absent.length) throw new SplitError(`run ${p.run + 1}: no training samples of class ${absent.join(', ')} (too few samples or groups for this split)`);
    if (p.val.length === 0) throw new SplitError(`run ${p.run + 1}: no validation samples (too few training samples for a holdout)`);
    const tested = new Set(p.test.map((i) => samples[i].label));
    const untested = [...classes].filter((c) => !tested.has(c));
    if (untested.length) throw new SplitError(`run ${p.run + 1}: no test samples of class ${untested.join(', ')}, so its AUC is undefined (too few samples or groups of that class for this many folds)`);
  }
}

function indicesWhere<T>(xs: readonly T[], keep: (x: T) => boolean): number[] {
  const out: number[] = [];
  xs.forEach((x, i) => keep(x) && out.push(i));
  return out;
}

function without(xs: readonly number[], remove: readonly number[]): number[] {
  const r = new Set(remove);
  return xs.filter((x) => !r.has(x));
}
