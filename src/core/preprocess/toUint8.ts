/**
 * 8-bit conversion of CT slices for the similarity methods (DESIGN.md, "Data model and preprocessing").
 *
 * Default, `minmax` (the paper's reference code, which writes float slices with OpenCV's imwrite):
 * per slice, in float64, over that slice's own min and max,
 *
 *   y  = ((v - min) / ((max - min) + 1e-5)) * 255
 *   u8 = clamp(roundHalfToEven(y), 0, 255)
 *
 * evaluated in exactly this order (division, not multiplication by a reciprocal, so ties round as
 * in the reference). A constant slice maps to all zeros.
 *
 * `window` (a W/L preset): v is first clamped to [lo, hi] = [center - width/2, center + width/2],
 * then the same formula runs with min = lo and max = hi fixed for every slice, so a voxel at hi
 * gives 255 · width / (width + 1e-5), which rounds to 255 for any width above ~0.005 HU.
 *
 * A Uint8Array volume (a folder of 8-bit PNG slices) is the reference pipeline's on-disk format and
 * is used as is with the default conversion (no copy).
 *
 * Speed: for integer voxels (int16 CT) the mapping goes through a per-slice lookup table over the
 * slice's value range (the output depends on the voxel value only), which gives the same bytes for
 * a fraction of the float work (mapThroughTable; tested against mapLinear and the goldens). For
 * int16 the slice's min/max and the table lookup run on WebAssembly SIMD where available
 * (int16Simd.ts; integer work, the same bytes), the table itself still by mapLinear.
 */
import type { Volume } from '../volume/types';
import type { SliceStack } from '../volume/types';
import { int16Kernel } from './int16Simd';
import { roundHalfToEven } from './roundHalfToEven';

export type Uint8Conversion = { kind: 'minmax' } | { kind: 'window'; center: number; width: number };

/** Added to the value range of the min/max mapping (the reference code's epsilon). */
export const UINT8_RANGE_EPSILON = 1e-5;

const MINMAX: Uint8Conversion = { kind: 'minmax' };

/** Convert one slice's voxels into `out` (same length). */
export function toUint8Slice(src: ArrayLike<number>, out: Uint8Array, conv: Uint8Conversion = MINMAX): void {
  if (out.length !== src.length) {
    throw new RangeError(`toUint8Slice: output holds ${out.length} pixels but the slice has ${src.length}`);
  }
  if (conv.kind === 'window') assertWindow(conv);
  if (src instanceof Int16Array && int16ThroughSimd(src, out, conv)) return;
  if (conv.kind === 'window') {
    const lo = conv.center - conv.width / 2;
    const hi = conv.center + conv.width / 2;
    if (isIntegerArray(src)) mapThroughTable(src, out, lo, hi, true);
    else mapLinear(src, out, lo, hi, true);
    return;
  }
  const [min, max] = src instanceof Int16Array ? int16MinMax(src) : sliceMinMax(src);
  if (isIntegerArray(src)) mapThroughTable(src, out, min, max, false, [min, max]);
  else mapLinear(src, out, min, max, false);
}

/** sliceMinMax for int16 (the common CT case): integer compares in a loop V8 keeps monomorphic, ~25% faster. */
function int16MinMax(src: Int16Array): [number, number] {
  if (src.length === 0) return [0, 0];
  let min = 32767;
  let max = -32768;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    min = v < min ? v : min;
    max = v > max ? v : max;
  }
  return [min, max];
}

/**
 * mapThroughTable for int16 with min/max and lookup on WebAssembly SIMD; false (nothing written)
 * where the kernel is unavailable, the slice is empty or its value range is larger than the slice.
 */
function int16ThroughSimd(src: Int16Array, out: Uint8Array, conv: Uint8Conversion): boolean {
  const kernel = src.length > 0 ? int16Kernel() : null;
  if (!kernel) return false;
  kernel.load(src);
  const [min, max] = kernel.minMax();
  if (max - min + 1 > src.length) return false;
  if (conv.kind === 'window') kernel.lookup(fillTable(min, max, conv.center - conv.width / 2, conv.center + conv.width / 2, true), min, out);
  else kernel.lookup(fillTable(min, max, min, max, false), min, out);
  return true;
}

/** Integer voxels (int16 CT, uint8): few distinct values per slice, so a lookup table pays. */
function isIntegerArray(src: ArrayLike<number>): src is Int16Array | Uint8Array | Uint16Array {
  return src instanceof Int16Array || src instanceof Uint8Array || src instanceof Uint16Array;
}

/** Reused between slices: one table per thread, grown when a slice's value range needs more. */
let table = new Uint8Array(0);
let values = new Int32Array(0);

/**
 * The same bytes as mapLinear, for integer voxels: the output depends on the voxel value only, so
 * each distinct value in the slice's range [min, max] is mapped once (by mapLinear's own
 * expression) into a table, and every voxel is one table read. Used when the range is smaller than
 * the slice (always for a 512² int16 slice); otherwise mapLinear runs directly.
 */
function mapThroughTable(src: Int16Array | Uint8Array | Uint16Array, out: Uint8Array, lo: number, hi: number, clampInput: boolean, range?: [number, number]): void {
  const [min, max] = range ?? sliceMinMax(src);
  const size = max - min + 1;
  if (src.length === 0 || size > src.length) {
    mapLinear(src, out, lo, hi, clampInput);
    return;
  }
  const t = fillTable(min, max, lo, hi, clampInput);
  for (let i = 0; i < src.length; i++) out[i] = t[src[i] - min];
}

/** The table for values min..max: entry v - min is mapLinear's output for v (a view on the reused table). */
function fillTable(min: number, max: number, lo: number, hi: number, clampInput: boolean): Uint8Array {
  const size = max - min + 1;
  if (table.length < size) {
    table = new Uint8Array(Math.max(size, 2 * table.length));
    values = new Int32Array(table.length);
  }
  for (let v = 0; v < size; v++) values[v] = min + v;
  const t = table.subarray(0, size);
  mapLinear(values.subarray(0, size), t, lo, hi, clampInput);
  return t;
}

/**
 * The whole volume as a stack of 8-bit slices. Uint8Array voxels with the default (minmax)
 * conversion are returned without copying; anything else is converted slice by slice.
 */
export function toUint8Stack(volume: Volume, conv: Uint8Conversion = MINMAX): SliceStack {
  const { rows, cols, slices: n, voxels } = volume;
  const len = rows * cols;
  if (voxels.length !== n * len) {
    throw new RangeError(
      `toUint8Stack: volume "${volume.name}" declares ${n}×${rows}×${cols} voxels but holds ${voxels.length}`,
    );
  }
  if (voxels instanceof Uint8Array && conv.kind === 'minmax') {
    return { n, rows, cols, pixels: voxels };
  }
  const pixels = new Uint8Array(n * len);
  for (let k = 0; k < n; k++) {
    toUint8Slice(voxels.subarray(k * len, (k + 1) * len), pixels.subarray(k * len, (k + 1) * len), conv);
  }
  return { n, rows, cols, pixels };
}

/** [min, max] of a slice; [0, 0] for an empty one. NaN voxels are ignored. */
function sliceMinMax(src: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}

/** out = clamp(roundHalfToEven(((v - lo) / ((hi - lo) + eps)) * 255), 0, 255), v clamped to [lo, hi] first when asked. */
function mapLinear(src: ArrayLike<number>, out: Uint8Array, lo: number, hi: number, clampInput: boolean): void {
  const denom = hi - lo + UINT8_RANGE_EPSILON;
  const n = Math.min(src.length, out.length);
  for (let i = 0; i < n; i++) {
    let v = src[i];
    if (clampInput) v = v < lo ? lo : v > hi ? hi : v;
    const y = roundHalfToEven(((v - lo) / denom) * 255);
    // Uint8Array stores NaN as 0; clamp the rest explicitly (no wrap-around).
    out[i] = y < 0 ? 0 : y > 255 ? 255 : y;
  }
}

function assertWindow(conv: { center: number; width: number }): void {
  if (!Number.isFinite(conv.center) || !Number.isFinite(conv.width) || conv.width <= 0) {
    throw new RangeError(
      `8-bit window needs a finite center and a positive width, got center ${conv.center}, width ${conv.width}`,
    );
  }
}
