import { describe, expect, it } from 'vitest';
import { nmiMatrixCpu, nmiPairCpu } from './nmi.cpu';
import { binIndices, histogramEdges } from './nmiBins';
import { readReferencePngStack } from '../../preprocess/testing/referenceSlices';
import { loadGolden } from '../../testing/referenceFixture';

/** Golden CPU tolerance (fixture README: SSIM/NMI on the CPU reference within 1e-9). */
const TOL = 1e-9;

describe('NMI matrix on the golden volume', () => {
  const golden = loadGolden();
  const stack = readReferencePngStack();
  const m = nmiMatrixCpu(stack);
  const n = stack.n;
  const len = stack.rows * stack.cols;

  it('matches scikit-image on all n×n entries within 1e-9', () => {
    let d = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d = Math.max(d, Math.abs(m[i * n + j] - golden.nmi[i][j]));
    expect(d).toBeLessThan(TOL);
  });

  it('is exactly symmetric, with 2 on the diagonal', () => {
    for (let i = 0; i < n; i++) {
      expect(m[i * n + i]).toBe(2);
      for (let j = 0; j < i; j++) expect(m[i * n + j]).toBe(m[j * n + i]);
    }
  });

  it('pair function equals the golden value in both orders', () => {
    const s = (k: number): Uint8Array => stack.pixels.subarray(k * len, (k + 1) * len);
    for (const [i, j] of [[0, 1], [7, 50], [63, 2]]) {
      expect(Math.abs(nmiPairCpu(s(i), s(j)) - golden.nmi[i][j])).toBeLessThan(TOL);
      expect(Math.abs(nmiPairCpu(s(j), s(i)) - golden.nmi[j][i])).toBeLessThan(TOL);
    }
  });
});

describe('NMI bins (numpy.histogramdd semantics)', () => {
  it('spans each image own min..max with the max in the last bin', () => {
    const out = new Uint8Array(4);
    binIndices(new Uint8Array([10, 20, 109, 110]), out);
    // edges 10, 11, ..., 110: 20 sits on edge 10 (right side), 109 in bin 99, 110 closes bin 99.
    expect(Array.from(out)).toEqual([0, 10, 99, 99]);
  });

  it('widens a constant image to lo - 0.5 .. hi + 0.5', () => {
    const e = histogramEdges(7, 7);
    expect([e[0], e[100]]).toEqual([6.5, 7.5]);
    const out = new Uint8Array(3);
    binIndices(new Uint8Array([7, 7, 7]), out);
    expect(Array.from(out)).toEqual([50, 50, 50]);
  });
});

describe('NMI special cases', () => {
  it('a constant slice against anything gives (0 + H(B)) / H(B) = 1; two constant slices give 2, not skimage\'s 0/0', () => {
    const flat = new Uint8Array(64).fill(3);
    const otherFlat = new Uint8Array(64).fill(200);
    const ramp = new Uint8Array(64).map((_, i) => i * 4);
    expect(nmiPairCpu(flat, ramp)).toBe(1);
    expect(nmiPairCpu(flat, flat)).toBe(2);
    expect(nmiPairCpu(flat, otherFlat)).toBe(2);
    const matrix = nmiMatrixCpu({ n: 2, rows: 8, cols: 8, pixels: new Uint8Array([...flat, ...otherFlat]) });
    expect(Array.from(matrix)).toEqual([2, 2, 2, 2]);
  });

  it('works on non-square stacks and a single slice', () => {
    const pixels = new Uint8Array(2 * 7 * 13).map((_, i) => (i * 37) % 251);
    const m = nmiMatrixCpu({ n: 2, rows: 7, cols: 13, pixels });
    expect(m[1]).toBe(nmiPairCpu(pixels.subarray(0, 91), pixels.subarray(91)));
    expect(Array.from(nmiMatrixCpu({ n: 1, rows: 7, cols: 13, pixels: pixels.subarray(0, 91) }))).toEqual([2]);
  });

  it('rejects images of different sizes, naming both', () => {
    expect(() => nmiPairCpu(new Uint8Array(4), new Uint8Array(5))).toThrow(/4 and 5/);
  });

  it('reports progress in pairs and stops with an AbortError', () => {
    const stack = readReferencePngStack();
    const seen: number[] = [];
    nmiMatrixCpu(stack, { onProgress: (d, t) => seen.push(d / t) });
    expect(seen.at(-1)).toBe(1);
    const ctl = new AbortController();
    ctl.abort();
    expect(() => nmiMatrixCpu(stack, { signal: ctl.signal })).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});
