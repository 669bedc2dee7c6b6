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
 */
import type { Volume } from '../volume/types';
import type { SliceStack } from '../volume/types';
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
  if (conv.kind === 'window') {
    assertWindow(conv);
    const lo = conv.center - conv.width / 2;
    const hi = conv.center + conv.width / 2;
    mapLinear(src, out, lo, hi, true);
    return;
  }
  const [min, max] = sliceMinMax(src);
  mapLinear(src, out, min, max, false);
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
  for (let i = 0; i < src.length; i++) {
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
