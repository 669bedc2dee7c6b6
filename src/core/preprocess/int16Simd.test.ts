import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernel, kernelTs, kernelTsPath } from '../../../scripts/wasm/build-simd.mjs';
import { seededRandom } from '../testing/seededRandom';
import { int16Kernel } from './int16Simd';
import { toUint8Slice } from './toUint8';

const next = seededRandom(20261201);
const randomSlice = (n: number, lo: number, hi: number): Int16Array => Int16Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo + 1)));

describe('int16 min/max and lookup on WebAssembly SIMD', () => {
  it('compiles in Node, from bytes equal to those assembled from int16_simd.wat', async () => {
    expect(int16Kernel()).not.toBeNull();
    expect(readFileSync(kernelTsPath('int16'), 'utf8')).toBe(kernelTs('int16', await assembleKernel('int16')));
  });

  it('gives the min and max of every length 1..70 and of the int16 extremes, wherever they sit', () => {
    const kernel = int16Kernel()!;
    for (let n = 1; n <= 70; n++) {
      const src = randomSlice(n, -3000, 3000);
      if (n > 2) {
        src[Math.floor(next() * n)] = -32768;
        src[Math.floor(next() * n)] = 32767;
      }
      kernel.load(src);
      expect(kernel.minMax()).toEqual([Math.min(...src), Math.max(...src)]);
    }
  });

  it('looks every voxel up in the table, slices of any length (not only multiples of 8)', () => {
    const kernel = int16Kernel()!;
    for (const n of [1, 7, 9, 1000, 512 * 3 + 5]) {
      const src = randomSlice(n, -20, 300);
      const table = Uint8Array.from({ length: 321 }, () => Math.floor(next() * 256));
      const out = new Uint8Array(n);
      kernel.load(src);
      kernel.lookup(table, -20, out);
      expect([...out]).toEqual(Array.from(src, (v) => table[v + 20]));
    }
  });

  it('toUint8Slice through the kernel equals the per-voxel mapping (float path) for odd sizes and both conversions', () => {
    for (const n of [9, 257 * 3, 512 * 512]) {
      const src = randomSlice(n, -1024, 3071);
      for (const conv of [undefined, { kind: 'window' as const, center: 40, width: 400 }]) {
        const simd = new Uint8Array(n);
        const direct = new Uint8Array(n);
        toUint8Slice(src, simd, conv);
        toUint8Slice(Float32Array.from(src), direct, conv);
        expect(Buffer.from(simd).equals(Buffer.from(direct))).toBe(true);
      }
    }
  });
});
