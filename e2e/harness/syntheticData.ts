/**
 * Synthetic inputs for the feature harness and its Playwright specs. Each spec recomputes the
 * expected values from these same formulas, so nothing is hard-coded on either side.
 */

/** n used for the large heatmap (the smoothness target of the explorer). */
export const HEATMAP_N = 600;

/**
 * Hamming-like distance between slices i and j: min(64, floor(|i - j| / 4)).
 * Neighbours (|i-j| < 4) are identical (0), slices far apart differ in every bit (64).
 */
export function syntheticDistance(i: number, j: number): number {
  return Math.min(64, Math.floor(Math.abs(i - j) / 4));
}

/** SSIM-like similarity of slices i and j in an n-slice volume: 1 - |i - j| / n. */
export function syntheticSimilarity(i: number, j: number, n: number): number {
  return 1 - Math.abs(i - j) / n;
}

/** Row-major n×n matrix of f(i, j). */
export function buildMatrix(n: number, f: (i: number, j: number) => number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = f(i, j);
  return m;
}

/** Kept mask of length n with the given indices set. */
export function maskOf(n: number, kept: readonly number[]): Uint8Array {
  const m = new Uint8Array(n);
  for (const k of kept) m[k] = 1;
  return m;
}

/** Comparison fixture: three methods on 40 slices with known kept sets. */
export const COMPARE_N = 40;
export const COMPARE_SETS: { label: string; kept: number[] }[] = [
  { label: 'HASH T6', kept: [0, 4, 8, 12, 16, 20, 24, 28, 32, 36] },
  { label: 'SSIM f0.2', kept: [0, 4, 8, 13, 17, 21, 25, 29] },
  { label: 'EveryN 5', kept: [0, 5, 10, 15, 20, 25, 30, 35] },
];

/** Identity of the synthetic volume in the harness manifest. */
export const HARNESS_VOLUME = { id: 'synthetic-600', name: 'synthetic-600.nii.gz', voxelSha256: 'ab'.repeat(32) };
