import { describe, expect, it } from 'vitest';
import { ssimMatrixCpu, ssimPairCpu } from './ssim.cpu';
import { gaussianTaps, reflectIndex } from './gaussianWindow.cpu';
import { readReferencePngStack } from '../../preprocess/testing/referenceSlices';
import { loadGolden } from '../../testing/referenceFixture';
import type { SliceStack } from '../types';

/** Golden CPU tolerance (fixture README: SSIM/NMI on the CPU reference within 1e-9). */
const TOL = 1e-9;

function maxAbsDiff(m: Float64Array, golden: number[][]): number {
  const n = golden.length;
  let d = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(m[i * n + j] - golden[i][j]));
  return d;
}

/** Deterministic pseudo-random 8-bit slices (xorshift), smooth enough to look like images. */
function syntheticStack(n: number, rows: number, cols: number, seed = 1): SliceStack {
  let s = seed;
  const rand = (): number => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 2 ** 32);
  const pixels = new Uint8Array(n * rows * cols);
  for (let k = 0; k < n; k++) {
    const fx = 1 + 4 * rand();
    const fy = 1 + 4 * rand();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = 128 + 90 * Math.sin((fx * c) / cols + k / 3) * Math.cos((fy * r) / rows) + 30 * rand();
        pixels[(k * rows + r) * cols + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { n, rows, cols, pixels };
}

const slice = (s: SliceStack, k: number): Uint8Array => s.pixels.subarray(k * s.rows * s.cols, (k + 1) * s.rows * s.cols);

describe('SSIM matrix on the golden volume', () => {
  const golden = loadGolden();
  const stack = readReferencePngStack();
  const m = ssimMatrixCpu(stack);

  it('matches scikit-image on all n×n entries within 1e-9', () => {
    expect(maxAbsDiff(m, golden.ssim)).toBeLessThan(TOL);
  });

  it('has the reference diagonal exactly (SSIM(a, a) = 1) and is symmetric', () => {
    const n = stack.n;
    for (let i = 0; i < n; i++) {
      expect(m[i * n + i]).toBe(golden.ssim[i][i]);
      for (let j = 0; j < i; j++) expect(m[i * n + j]).toBe(m[j * n + i]);
    }
  });

  it('straight reference pair equals the golden value', () => {
    for (const [i, j] of [[0, 1], [3, 40], [63, 62]]) {
      expect(Math.abs(ssimPairCpu(slice(stack, i), slice(stack, j), stack.rows, stack.cols) - golden.ssim[i][j])).toBeLessThan(TOL);
    }
  });
});

describe('SSIM fast form vs straight reference', () => {
  it.each([
    ['non-square 23×57', 23, 57],
    ['tall 40×11', 40, 11],
    ['the smallest allowed, 11×11', 11, 11],
  ])('%s', (_, rows, cols) => {
    const stack = syntheticStack(4, rows, cols);
    const m = ssimMatrixCpu(stack);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        expect(Math.abs(m[i * 4 + j] - ssimPairCpu(slice(stack, i), slice(stack, j), rows, cols))).toBeLessThan(1e-12);
      }
    }
  });
});

describe('SSIM in blocks of slices', () => {
  it('gives the same matrix when the memory budget forces blocks', () => {
    const stack = syntheticStack(7, 20, 20);
    const whole = ssimMatrixCpu(stack);
    // 100 interior px × 2 maps × 8 bytes = 1600 bytes per slice; 2 blocks of 2 slices fit 6400.
    const seen: number[] = [];
    const blocked = ssimMatrixCpu(stack, { memoryBudgetBytes: 6400, onProgress: (d) => seen.push(d) });
    expect(Array.from(blocked)).toEqual(Array.from(whole));
    expect(seen.at(-1)).toBe(21);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('SSIM special cases', () => {
  it('keeps a constant slice finite (C1, C2) and gives 1 for two equal constant slices', () => {
    const rows = 16, cols = 16, len = rows * cols;
    const pixels = new Uint8Array(3 * len);
    pixels.fill(0, 0, len);
    pixels.fill(0, len, 2 * len);
    pixels.set(slice(syntheticStack(1, rows, cols), 0), 2 * len);
    const m = ssimMatrixCpu({ n: 3, rows, cols, pixels });
    expect(m[1]).toBe(1);
    expect(Number.isFinite(m[2])).toBe(true);
    expect(Math.abs(m[2] - ssimPairCpu(slice({ n: 3, rows, cols, pixels }, 0), slice({ n: 3, rows, cols, pixels }, 2), rows, cols))).toBeLessThan(1e-12);
  });

  it('throws naming the sizes when a slice is smaller than the 11×11 window', () => {
    expect(() => ssimMatrixCpu({ n: 2, rows: 10, cols: 64, pixels: new Uint8Array(2 * 640) })).toThrow(/10×64 px.*11×11.*win_size exceeds image extent/);
    expect(() => ssimPairCpu(new Uint8Array(64 * 8), new Uint8Array(64 * 8), 64, 8)).toThrow(/64×8 px/);
  });

  it('gives [1] for one slice and an empty matrix for none', () => {
    expect(Array.from(ssimMatrixCpu(syntheticStack(1, 12, 12)))).toEqual([1]);
    expect(ssimMatrixCpu({ n: 0, rows: 12, cols: 12, pixels: new Uint8Array(0) }).length).toBe(0);
  });

  it('rejects a stack whose buffer does not match its shape', () => {
    expect(() => ssimMatrixCpu({ n: 2, rows: 12, cols: 12, pixels: new Uint8Array(100) })).toThrow(/ssim: slice stack of 2×12×12 needs 288 pixels, got 100/);
  });

  it('reports progress in pairs and stops with an AbortError', () => {
    const stack = syntheticStack(6, 16, 16);
    const seen: number[] = [];
    ssimMatrixCpu(stack, { onProgress: (d, t) => seen.push(d / t) });
    expect(seen.at(-1)).toBe(1);
    const ctl = new AbortController();
    ctl.abort();
    expect(() => ssimMatrixCpu(stack, { signal: ctl.signal })).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});

describe('SSIM window', () => {
  it('is 11 normalised symmetric taps and folds indices like scipy reflect', () => {
    const w = gaussianTaps();
    expect(w.length).toBe(11);
    expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-15);
    for (let k = 0; k < 5; k++) expect(w[k]).toBe(w[10 - k]);
    expect([-3, -2, -1, 0, 3, 4, 5, 6].map((i) => reflectIndex(i, 4))).toEqual([2, 1, 0, 0, 3, 3, 2, 1]);
  });
});
