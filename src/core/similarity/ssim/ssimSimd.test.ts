/**
 * SSIM on WebAssembly SIMD (float32) against the float64 reference and the scikit-image golden:
 * within SSIM_SIMD_TOLERANCE on the golden volume, on the bundled real head CT and on sizes whose
 * interior is not a multiple of four pixels wide.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernel, kernelTs, kernelTsPath } from '../../../../scripts/wasm/build-simd.mjs';
import { readReferencePngStack } from '../../preprocess/testing/referenceSlices';
import { loadGolden } from '../../testing/referenceFixture';
import { headCtStack } from '../embedding/testing/headCt';
import { seededRandom } from '../../testing/seededRandom';
import { poolMatrix } from '../pool/poolMatrix';
import { ssimMatrixCpu } from './ssim.cpu';
import { makeSimdSsimKernel } from './ssimSimd';
import type { SliceStack } from '../types';

/** Float64 in another summation order: rounding only (the issue allows 1e-6 for a float32 path). */
const SSIM_SIMD_TOLERANCE = 1e-12;

function maxAbsDiff(a: Float64Array, b: Float64Array | number[][]): number {
  const n = Math.round(Math.sqrt(a.length));
  let d = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(a[i * n + j] - (Array.isArray(b) ? b[i][j] : b[i * n + j])));
  return d;
}

describe('SSIM WebAssembly SIMD kernel', () => {
  it('compiles here, and the committed bytes equal those assembled from ssim_simd.wat', async () => {
    expect(makeSimdSsimKernel(16, 16)).toBeDefined();
    expect(readFileSync(kernelTsPath('ssim'), 'utf8')).toBe(kernelTs('ssim', await assembleKernel('ssim')));
  });

  it('matches the scikit-image golden and the float64 reference within 1e-6 on the golden volume', async () => {
    const stack = readReferencePngStack();
    const { matrix } = await poolMatrix(stack, 'ssim', 'simd');
    expect(maxAbsDiff(matrix, loadGolden().ssim)).toBeLessThan(SSIM_SIMD_TOLERANCE);
    expect(maxAbsDiff(matrix, ssimMatrixCpu(stack))).toBeLessThan(SSIM_SIMD_TOLERANCE);
    for (let i = 0; i < stack.n; i++) expect(Math.abs(matrix[i * stack.n + i] - 1)).toBeLessThan(SSIM_SIMD_TOLERANCE);
  });

  it('stays within 1e-6 of the reference on real CT (the bundled head CT, 256²)', async () => {
    const stack = headCtStack(Array.from({ length: 24 }, (_, k) => 4 * k));
    const { matrix } = await poolMatrix(stack, 'ssim', 'simd');
    expect(maxAbsDiff(matrix, ssimMatrixCpu(stack))).toBeLessThan(SSIM_SIMD_TOLERANCE);
  });

  it('handles widths and heights that are not multiples of four, and constant slices', async () => {
    const r = seededRandom(7);
    for (const [rows, cols] of [[11, 11], [13, 37], [45, 22], [30, 31]]) {
      const n = 5;
      const pixels = new Uint8Array(n * rows * cols).map((_, i) => (i < rows * cols ? 200 : Math.floor(r() * 256)));
      const stack: SliceStack = { n, rows, cols, pixels };
      const { matrix } = await poolMatrix(stack, 'ssim', 'simd');
      expect(maxAbsDiff(matrix, ssimMatrixCpu(stack))).toBeLessThan(SSIM_SIMD_TOLERANCE);
    }
  });
});
