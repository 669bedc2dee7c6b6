/**
 * NMI on WebAssembly: bit-identical to the float64 reference (same counts, same summation order,
 * same c log c table) on the golden volume, the bundled head CT and odd sizes, and within the
 * golden tolerance of scikit-image.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernel, kernelTs, kernelTsPath } from '../../../../scripts/wasm/build-simd.mjs';
import { readReferencePngStack } from '../../preprocess/testing/referenceSlices';
import { loadGolden } from '../../testing/referenceFixture';
import { headCtStack } from '../embedding/testing/headCt';
import { seededRandom } from '../../testing/seededRandom';
import { poolMatrix } from '../pool/poolMatrix';
import { nmiMatrixCpu } from './nmi.cpu';
import { makeSimdNmiKernel } from './nmiSimd';
import type { SliceStack } from '../types';

describe('NMI WebAssembly kernel', () => {
  it('compiles here, and the committed bytes equal those assembled from nmi_simd.wat', async () => {
    expect(makeSimdNmiKernel(4, 4)).toBeDefined();
    expect(readFileSync(kernelTsPath('nmi'), 'utf8')).toBe(kernelTs('nmi', await assembleKernel('nmi')));
  });

  it('equals the reference bit for bit on the golden volume and scikit-image within 1e-9', async () => {
    const stack = readReferencePngStack();
    const { matrix } = await poolMatrix(stack, 'nmi', 'simd');
    expect(matrix).toEqual(nmiMatrixCpu(stack));
    const golden = loadGolden().nmi;
    for (let i = 0; i < stack.n; i++) for (let j = 0; j < stack.n; j++) expect(Math.abs(matrix[i * stack.n + j] - golden[i][j])).toBeLessThan(1e-9);
  });

  it('equals the reference bit for bit on real CT (the bundled head CT)', async () => {
    const stack = headCtStack(Array.from({ length: 24 }, (_, k) => 4 * k));
    expect((await poolMatrix(stack, 'nmi', 'simd')).matrix).toEqual(nmiMatrixCpu(stack));
  });

  it('equals the reference on odd sizes, constant slices and two constant slices (2, not NaN)', async () => {
    const r = seededRandom(11);
    for (const [rows, cols] of [[1, 1], [3, 5], [17, 19], [40, 33]]) {
      const n = 4;
      const len = rows * cols;
      const pixels = new Uint8Array(n * len).map((_, i) => (i < 2 * len ? 9 : Math.floor(r() * 256)));
      const stack: SliceStack = { n, rows, cols, pixels };
      const { matrix } = await poolMatrix(stack, 'nmi', 'simd');
      expect(matrix).toEqual(nmiMatrixCpu(stack));
      expect(matrix[1]).toBe(2);
    }
  });
});
