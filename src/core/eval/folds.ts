/**
 * Fold assignment for cross-validation. `stratifiedKFold` is scikit-learn's StratifiedKFold
 * (shuffle=False) exactly; `stratifiedGroupKFold` follows StratifiedGroupKFold (shuffle=False):
 * whole groups go to the fold that keeps the per-class proportions most even.
 */

/** Class codes in order of first appearance (sklearn encodes classes this way before allocating). */
function encodeByFirstAppearance(labels: ArrayLike<number | string>): { codes: number[]; count: number } {
  const seen = new Map<number | string, number>();
  const codes = Array.from(labels, (y) => {
    if (!seen.has(y)) seen.set(y, seen.size);
    return seen.get(y)!;
  });
  return { codes, count: seen.size };
}

/**
 * sklearn StratifiedKFold._make_test_folds: allocation[f][c] = number of class-c entries in
 * sorted(codes)[f::k] (round robin over the sorted codes), then each class's samples, in data
 * order, get fold indices in blocks: allocation[0][c] zeros, allocation[1][c] ones, …
 * Returns the test fold of every sample.
 */
export function stratifiedKFold(labels: ArrayLike<number | string>, k: number): number[] {
  const { codes, count } = encodeByFirstAppearance(labels);
  const perClass = new Array<number>(count).fill(0);
  for (const c of codes) perClass[c]++;
  if (k < 2) throw new Error(`k-fold needs at least 2 folds (got ${k})`);
  if (perClass.every((n) => n < k)) throw new Error(`${k} folds cannot exceed the number of samples of every class (${perClass.join(', ')})`);
  const sorted = [...codes].sort((a, b) => a - b);
  const allocation = Array.from({ length: k }, () => new Array<number>(count).fill(0));
  sorted.forEach((c, i) => allocation[i % k][c]++);
  const blocks = Array.from({ length: count }, (_, c) => allocation.flatMap((row, f) => new Array<number>(row[c]).fill(f)));
  const next = new Array<number>(count).fill(0);
  return codes.map((c) => blocks[c][next[c]++]);
}

/** Population std of `xs`. */
function populationStd(xs: readonly number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) * (x - m), 0) / xs.length);
}

/** numpy.isclose(a, b) with its defaults rtol 1e-5, atol 1e-8. */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
}

/**
 * StratifiedGroupKFold (shuffle=False): groups sorted by the std of their class counts, largest
 * first (stable); each goes to the fold whose resulting mean over classes of std over folds of
 * (fold count / class total) is smallest, ties (np.isclose) to the fold with fewer samples.
 * Groups are numbered in sorted order of their names (np.unique). Returns each sample's test fold.
 */
export function stratifiedGroupKFold(labels: ArrayLike<number | string>, groups: readonly string[], k: number): number[] {
  if (groups.length !== labels.length) throw new Error(`${labels.length} labels but ${groups.length} groups`);
  const classNames = [...new Set(Array.from(labels))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const classOf = new Map(classNames.map((c, i) => [c, i]));
  const groupNames = [...new Set(groups)].sort();
  if (groupNames.length < k) throw new Error(`${k} folds need at least ${k} groups (got ${groupNames.length})`);
  const groupOf = new Map(groupNames.map((g, i) => [g, i]));
  const nc = classNames.length;
  const countsPerGroup = groupNames.map(() => new Array<number>(nc).fill(0));
  const classTotals = new Array<number>(nc).fill(0);
  Array.from(labels).forEach((y, i) => {
    countsPerGroup[groupOf.get(groups[i])!][classOf.get(y)!]++;
    classTotals[classOf.get(y)!]++;
  });
  const order = groupNames.map((_, g) => g).sort((a, b) => populationStd(countsPerGroup[b]) - populationStd(countsPerGroup[a]) || a - b);
  const countsPerFold = Array.from({ length: k }, () => new Array<number>(nc).fill(0));
  const foldOfGroup = new Array<number>(groupNames.length).fill(-1);
  for (const g of order) {
    const f = bestFold(countsPerFold, classTotals, countsPerGroup[g]);
    countsPerGroup[g].forEach((n, c) => (countsPerFold[f][c] += n));
    foldOfGroup[g] = f;
  }
  return groups.map((g) => foldOfGroup[groupOf.get(g)!]);
}

function bestFold(countsPerFold: number[][], classTotals: number[], groupCounts: number[]): number {
  let best = -1;
  let minEval = Infinity;
  let minSamples = Infinity;
  for (let f = 0; f < countsPerFold.length; f++) {
    const proposed = countsPerFold.map((row, i) => (i === f ? row.map((n, c) => n + groupCounts[c]) : row));
    const stdPerClass = classTotals.map((total, c) => populationStd(proposed.map((row) => row[c] / total)));
    const evaluation = stdPerClass.reduce((s, x) => s + x, 0) / stdPerClass.length;
    const samples = countsPerFold[f].reduce((s, x) => s + x, 0);
    if (evaluation < minEval || (isClose(evaluation, minEval) && samples < minSamples)) {
      best = f;
      minEval = evaluation;
      minSamples = samples;
    }
  }
  return best;
}
