/**
 * Reading a score matrix the way the reference code does: pair (i, j) with i<j is scored by the
 * upper-triangle entry M[i][j], whichever order the caller names the slices in.
 */
import type { ScoreMatrix } from './types';

/** Score of the unordered pair {a, b}: `M[min(a,b)][max(a,b)]`. */
export function pairScore(scores: ScoreMatrix, a: number, b: number): number {
  return a < b ? scores.matrix[a * scores.n + b] : scores.matrix[b * scores.n + a];
}

/** True when `score` counts as alike under threshold T (distance: <= T; similarity: >= T). */
export function isAlike(kind: ScoreMatrix['kind'], score: number, threshold: number): boolean {
  return kind === 'distance' ? score <= threshold : score >= threshold;
}

/** True when score a is more alike than score b (strictly). */
export function moreAlike(kind: ScoreMatrix['kind'], a: number, b: number): boolean {
  return kind === 'distance' ? a < b : a > b;
}

/**
 * Checks shape and values: n a non-negative integer, matrix length n*n, every upper-triangle
 * entry finite (NaN has no place in a "most alike first" order). Throws naming the problem.
 */
export function validateScores(scores: ScoreMatrix, what = 'score matrix'): void {
  const { n, kind, matrix } = scores;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
  if (kind !== 'distance' && kind !== 'similarity') throw new RangeError(`${what}: kind must be 'distance' or 'similarity', got '${String(kind)}'`);
  if (!(matrix instanceof Float64Array)) throw new TypeError(`${what}: matrix must be a Float64Array`);
  if (matrix.length !== n * n) throw new RangeError(`${what}: matrix has ${matrix.length} entries, expected n*n = ${n * n}`);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = matrix[i * n + j];
      if (!Number.isFinite(s)) throw new RangeError(`${what}: score of pair (${i}, ${j}) is ${s}; scores must be finite numbers`);
    }
  }
}

/** Builds a ScoreMatrix from a nested array (e.g. the golden fixture's `hamming`). */
export function scoreMatrixFromRows(rows: number[][], kind: ScoreMatrix['kind']): ScoreMatrix {
  const n = rows.length;
  const matrix = new Float64Array(n * n);
  rows.forEach((row, i) => {
    if (row.length !== n) throw new RangeError(`score matrix row ${i} has ${row.length} entries, expected ${n}`);
    matrix.set(row, i * n);
  });
  return { n, kind, matrix };
}
