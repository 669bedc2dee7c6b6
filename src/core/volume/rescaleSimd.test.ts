import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleKernel, kernelTs, kernelTsPath } from '../../../scripts/wasm/build-simd.mjs';
import { seededRandom } from '../testing/seededRandom';
import { DEFAULT_VOLUME_BUDGET_BYTES } from '../runtime/memory';
import { readNifti } from './nifti';
import { rescaleFitsI32, rescaleInt16Simd, rescaleKernel } from './rescaleSimd';
import { SliceBuilder, VoxelBuilder, storeInt16 } from './voxelBuilder';
import { expected, expectVolumeMatches, fixtureFiles } from './testing/fixtures';

const next = seededRandom(20261214);
const randomInts = (n: number, lo: number, hi: number): number[] => Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo + 1)));

/** The JavaScript rule itself (storeInt16's loop on float64): the values, or null when one does not fit int16. */
function reference(raw: ArrayLike<number>, slope: number, intercept: number): Int16Array | null {
  const out = new Int16Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i] * slope + intercept;
    if (v < -32768 || v > 32767) return null;
    out[i] = v;
  }
  return out;
}

/** The kernel's answer for raw, written at an offset into a larger buffer, in the same shape as reference. */
function simd(raw: Int16Array | Uint16Array, slope: number, intercept: number): Int16Array | null {
  const out = new Int16Array(raw.length + 10).fill(123);
  const ok = rescaleInt16Simd(out, 5, raw, slope, intercept);
  expect(ok).not.toBeNull();
  if (!ok) {
    expect(out.every((v) => v === 123)).toBe(true); // a refused slice leaves out untouched
    return null;
  }
  expect([...out.subarray(0, 5), ...out.subarray(5 + raw.length)]).toEqual(new Array(10).fill(123));
  return out.slice(5, 5 + raw.length);
}

const LENGTHS = [0, 1, 7, 8, 9, 1000, 512 * 512 + 3];
const SLOPES = [1, -1, 2, 3];
const INTERCEPTS = [0, -1024, 1000];

describe('integer rescale of int16 / uint16 slices on WebAssembly SIMD', () => {
  it('compiles in Node, from bytes equal to those assembled from rescale_simd.wat', async () => {
    expect(rescaleKernel()).not.toBeNull();
    expect(readFileSync(kernelTsPath('rescale'), 'utf8')).toBe(kernelTs('rescale', await assembleKernel('rescale')));
  });

  it('gives the JavaScript values and verdict for random int16 of odd lengths, every slope and intercept', () => {
    let fits = 0;
    let overflows = 0;
    for (const n of LENGTHS) {
      // ±10,000 fits for slope ±1 and 2 mostly, overflows for 3 (and the full range for most slopes)
      for (const [lo, hi] of [[-10000, 10000], [-32768, 32767]]) {
        const raw = Int16Array.from(randomInts(n, lo, hi));
        for (const slope of SLOPES) {
          for (const intercept of INTERCEPTS) {
            const want = reference(raw, slope, intercept);
            const got = simd(raw, slope, intercept);
            if (want) fits++;
            else overflows++;
            expect(got === null).toBe(want === null);
            if (got && want) expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
          }
        }
      }
    }
    expect(fits).toBeGreaterThan(20);
    expect(overflows).toBeGreaterThan(20);
  });

  it('gives the JavaScript values and verdict for random uint16 (the unsigned widening)', () => {
    for (const n of LENGTHS) {
      for (const hi of [30000, 65535]) {
        const raw = Uint16Array.from(randomInts(n, 0, hi));
        for (const slope of SLOPES) {
          for (const intercept of [...INTERCEPTS, -32768]) {
            const want = reference(raw, slope, intercept);
            const got = simd(raw, slope, intercept);
            expect(got === null).toBe(want === null);
            if (got && want) expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
          }
        }
      }
    }
  });

  it('accepts results of exactly -32768 and 32767 and refuses one value over by 1, in a vector or in the tail', () => {
    for (const n of [1, 7, 8, 9, 17, 1003]) {
      for (const at of [0, n - 1, Math.floor(n / 2)]) {
        // slope -1, intercept -1: raw 32767 → -32768 and raw -32768 → 32767
        const raw = Int16Array.from(randomInts(n, -1000, 1000));
        raw[at] = 32767;
        raw[n - 1 - at] = -32768;
        const edge = simd(raw, -1, -1)!;
        expect(edge).toEqual(reference(raw, -1, -1));
        if (at !== n - 1 - at) expect([edge[at], edge[n - 1 - at]]).toEqual([-32768, 32767]);
        // one over: raw -32768 with slope -1 → 32768; raw 31768 + 1000 → 32768; raw -16385 × 2 → -32770
        const over = Int16Array.from(randomInts(n, -1000, 1000));
        over[at] = -32768;
        expect(simd(over, -1, 0)).toBeNull();
        over[at] = 31768;
        expect(simd(over, 1, 1000)).toBeNull();
        over[at] = 31767;
        expect(simd(over, 1, 1000)).toEqual(reference(over, 1, 1000));
        over[at] = -16385;
        expect(simd(over, 2, 0)).toBeNull();
        over[at] = -16384;
        expect(simd(over, 2, 0)).toEqual(reference(over, 2, 0));
        const u = Uint16Array.from(randomInts(n, 0, 1000));
        u[at] = 32768;
        expect(simd(u, 1, 0)).toBeNull();
        expect(simd(u, 1, -1)).toEqual(reference(u, 1, -1));
      }
    }
  });

  it('takes only integer parameters that cannot overflow i32 (null: the caller runs its JavaScript loop)', () => {
    expect(rescaleFitsI32(false, 1, -1024)).toBe(true);
    expect(rescaleFitsI32(false, 32767, 2 ** 30)).toBe(true);
    expect(rescaleFitsI32(false, 65535, 0)).toBe(true);
    expect(rescaleFitsI32(false, 65536, 0)).toBe(false);
    expect(rescaleFitsI32(true, 32767, 0)).toBe(true);
    expect(rescaleFitsI32(true, 32768, 0)).toBe(true); // 65535 · 32768 < 2^31
    expect(rescaleFitsI32(true, 32769, 0)).toBe(false);
    expect(rescaleFitsI32(false, 1, 2 ** 31)).toBe(false);
    expect(rescaleFitsI32(false, 0.5, 0)).toBe(false);
    expect(rescaleFitsI32(false, 1, -1024.5)).toBe(false);
    expect(rescaleInt16Simd(new Int16Array(4), 0, new Int16Array(4), 1, 0.5)).toBeNull();
    expect(rescaleInt16Simd(new Int16Array(4), 0, new Uint16Array(4), 40000, 0)).toBeNull();
    // and storeInt16 gives those the JavaScript rule
    const out = new Int16Array(3);
    expect(storeInt16(out, 0, Int16Array.from([1, 3, -5]), 1, 0.5)).toBe(false);
    expect(storeInt16(out, 0, Int16Array.from([2, 4, -6]), 0.5, -1)).toBe(true);
    expect([...out]).toEqual([0, 1, -4]);
    expect(storeInt16(out, 0, Uint16Array.from([0, 1, 0]), 40000, -30000)).toBe(true);
    expect([...out]).toEqual([-30000, 10000, -30000]);
    expect(storeInt16(out, 0, Uint16Array.from([0, 2, 0]), 40000, -30000)).toBe(false);
  });

  it('VoxelBuilder and SliceBuilder on int16 / uint16 views (SIMD) equal the float64 JavaScript path, promotion included', () => {
    const rows = 9;
    const cols = 13; // 117 voxels a slice: 14 vectors and a tail of 5
    const slices = 5;
    const len = rows * cols;
    for (const [ctor, lo, hi] of [[Int16Array, -2000, 3000], [Uint16Array, 0, 5000]] as const) {
      for (const [slope, intercept] of [[1, -1024], [-1, 0], [3, 1000], [2, -1024]]) {
        const data = Array.from({ length: slices }, () => randomInts(len, lo, hi));
        // slice 3 overflows once it is rescaled (at one end of the raw range or the other): from
        // there the volume is float32
        const extremes = ctor === Int16Array ? [32767, -32768] : [65535, 0];
        data[3][len - 2] = extremes.find((x) => !reference([x], slope, intercept))!;
        const opts = { rows, cols, slices, source: 'test', memoryBudgetBytes: DEFAULT_VOLUME_BUDGET_BYTES };
        const fast = new VoxelBuilder(opts);
        const js = new VoxelBuilder(opts);
        const fastSlices = new SliceBuilder(len);
        const jsSlices = new SliceBuilder(len);
        for (let k = 0; k < slices; k++) {
          const typed = ctor.from(data[k]);
          const f64 = Float64Array.from(data[k]);
          fast.writeSlice(k, typed, slope, intercept);
          js.writeSlice(k, f64, slope, intercept, true);
          const a = fastSlices.write(k, typed, slope, intercept);
          const b = jsSlices.write(k, f64, slope, intercept, true);
          expect(a.constructor).toBe(b.constructor);
          expect([...a]).toEqual([...b]);
        }
        expect(fastSlices.promotedAt).toBe(jsSlices.promotedAt);
        expect(fast.array.constructor).toBe(js.array.constructor);
        expect([...fast.array]).toEqual([...js.array]);
        expect(js.array).toBeInstanceOf(Float32Array);
        expect(jsSlices.promotedAt).toBe(3);
      }
    }
  });

  it('readNifti of the scaled int16 fixture (slope / intercept through the kernel) matches nibabel', async () => {
    const name = 'n1_int16_scaled.nii.gz';
    const v = await readNifti(fixtureFiles(`nifti/${name}`)[0], { memoryBudgetBytes: DEFAULT_VOLUME_BUDGET_BYTES });
    await expectVolumeMatches(v, expected.nifti[name]);
  });
});
