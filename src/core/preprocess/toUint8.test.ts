import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { roundHalfToEven } from './roundHalfToEven';
import { toUint8Slice, toUint8Stack } from './toUint8';
import { readReferenceNpy, readReferencePngStack } from './testing/referenceSlices';
import { loadGolden } from '../testing/referenceFixture';
import { seededRandom } from '../testing/seededRandom';
import type { Volume, VoxelArray } from '../volume/types';

function volumeOf(voxels: VoxelArray, slices: number, rows: number, cols: number): Volume {
  return {
    id: 'test', name: 'test volume', format: 'synthetic', rows, cols, slices, spacing: [1, 1, 1],
    modality: 'CT', sources: [], warnings: [], voxels,
  };
}

/** A float64 v with ((v - 0) / denom) * 255 === y exactly, searched over the ulps around the real solution. */
function valueGivingExactly(y: number, denom: number): number {
  const f = new Float64Array([(y / 255) * denom]);
  const bits = new BigInt64Array(f.buffer);
  const start = bits[0];
  for (let d = -32n; d <= 32n; d++) {
    bits[0] = start + d;
    if ((f[0] / denom) * 255 === y) return f[0];
  }
  throw new Error(`no float64 gives exactly ${y}`);
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('roundHalfToEven', () => {
  it('rounds ties to the even neighbour', () => {
    expect([0.5, 1.5, 2.5, 3.5, 254.5, 255.5].map(roundHalfToEven)).toEqual([0, 2, 2, 4, 254, 256]);
  });
  it('rounds non-ties to the nearest integer', () => {
    expect([0.49999999999999994, 0.5000000000000001, 2.4, 2.6, 0, 7].map(roundHalfToEven)).toEqual([0, 1, 2, 3, 0, 7]);
  });
});

describe('toUint8Stack (minmax, the reference preprocessing)', () => {
  const golden = loadGolden();
  const npy = readReferenceNpy();
  const [n, rows, cols] = npy.shape;
  const stack = toUint8Stack(volumeOf(npy.data, n, rows, cols));

  it('gives every golden slice byte for byte (u8_sha256)', () => {
    expect(stack.n).toBe(golden.slices.length);
    const len = rows * cols;
    const hashes = golden.slices.map((_, k) => sha256(stack.pixels.subarray(k * len, (k + 1) * len)));
    expect(hashes).toEqual(golden.slices.map((s) => s.u8_sha256));
  });

  it('equals the reference PNG slices', () => {
    const png = readReferencePngStack();
    expect(png.n).toBe(n);
    expect(Buffer.from(stack.pixels).equals(Buffer.from(png.pixels))).toBe(true);
  });

  it('uses an 8-bit (PNG) volume as is, without copying', () => {
    const voxels = new Uint8Array([3, 200, 7, 9]);
    expect(toUint8Stack(volumeOf(voxels, 1, 2, 2)).pixels).toBe(voxels);
  });

  it('names the volume when its voxel count is wrong', () => {
    expect(() => toUint8Stack(volumeOf(new Int16Array(5), 1, 2, 2))).toThrow(/"test volume".*1×2×2.*5/);
  });
});

describe('toUint8Slice', () => {
  it('maps min to 0 and max to 255 with float64 arithmetic before the cast', () => {
    const out = new Uint8Array(3);
    toUint8Slice(new Int16Array([-32768, 0, 32767]), out);
    expect(Array.from(out)).toEqual([0, 128, 255]);
  });

  it('rounds exact ties to even, not up (as cv2.imwrite of float64)', () => {
    // Slice values 0..1, so y = (v / (1 + 1e-5)) * 255; find v (within a few ulps) whose y is exactly k + 0.5.
    const ties = [0.5, 1.5, 2.5, 100.5, 253.5];
    const values = ties.map((t) => valueGivingExactly(t, 1 + 1e-5));
    const out = new Uint8Array(values.length + 2);
    toUint8Slice([0, 1, ...values], out);
    expect(Array.from(out.subarray(2))).toEqual([0, 2, 2, 100, 254]);
  });

  it('maps a constant slice to zeros', () => {
    const out = new Uint8Array(4).fill(9);
    toUint8Slice(new Int16Array([-1000, -1000, -1000, -1000]), out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0]);
  });

  it('with a window, clamps to [c - w/2, c + w/2] then maps that fixed range', () => {
    const out = new Uint8Array(5);
    toUint8Slice(new Int16Array([-2000, -160, 40, 240, 3000]), out, { kind: 'window', center: 40, width: 400 });
    expect(Array.from(out)).toEqual([0, 0, 127, 255, 255]);
  });

  it('rejects a window without a positive width', () => {
    expect(() => toUint8Slice([1], new Uint8Array(1), { kind: 'window', center: 40, width: 0 })).toThrow(/positive width/);
  });

  it('rejects an output of the wrong length', () => {
    expect(() => toUint8Slice([1, 2], new Uint8Array(3))).toThrow(/3 pixels.*2/);
  });
});

describe('toUint8Slice lookup table (integer voxels)', () => {
  /** Same values as float32: the direct per-voxel mapping, which the table must reproduce. */
  const direct = (src: Int16Array, conv?: Parameters<typeof toUint8Slice>[2]) => {
    const out = new Uint8Array(src.length);
    toUint8Slice(Float32Array.from(src), out, conv);
    return out;
  };
  const viaTable = (src: Int16Array, conv?: Parameters<typeof toUint8Slice>[2]) => {
    const out = new Uint8Array(src.length);
    toUint8Slice(src, out, conv);
    return out;
  };
  const random = seededSlices();

  it.each([
    ['CT-like -1024..3071', -1024, 3071],
    ['full int16 range', -32768, 32767],
    ['narrow 0..3', 0, 3],
    ['constant', 17, 17],
    ['negative only', -2000, -1500],
  ])('gives the same bytes as the per-voxel mapping: %s', (_, lo, hi) => {
    for (let trial = 0; trial < 4; trial++) {
      const src = random(256 * 256, lo, hi);
      if (lo !== hi) { src[0] = lo; src[1] = hi; }
      expect(Buffer.from(viaTable(src)).equals(Buffer.from(direct(src)))).toBe(true);
      for (const w of [{ center: 40, width: 400 }, { center: -600, width: 1500 }, { center: 0.5, width: 0.01 }]) {
        const conv = { kind: 'window' as const, ...w };
        expect(Buffer.from(viaTable(src, conv)).equals(Buffer.from(direct(src, conv)))).toBe(true);
      }
    }
  });

  it('falls back to the direct mapping when the value range exceeds the slice (tiny slices)', () => {
    const src = Int16Array.from([-32768, 32767, 5]);
    expect([...viaTable(src)]).toEqual([...direct(src)]);
  });
});

/** Deterministic int16 slices with values uniform in [lo, hi] (the shared test PRNG). */
function seededSlices(): (n: number, lo: number, hi: number) => Int16Array {
  const next = seededRandom(20261201);
  return (n, lo, hi) => Int16Array.from({ length: n }, () => lo + Math.floor(next() * (hi - lo + 1)));
}
