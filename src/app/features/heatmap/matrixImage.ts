/**
 * Pixel buffers for the heatmap: one RGBA pixel per matrix cell (row i = slice i, column j =
 * slice j), written once into an ImageData and scaled by CSS. Pure: no DOM, testable in Node.
 */
import type { ScoreKind } from '../../../core/similarity/types';
import { VIRIDIS_LUT, lutIndex } from './colorMap';
import { alikeness, type ScoreRange } from './scoreScale';

/** Colour of cells whose score is not a finite number (dark grey, distinct from every viridis colour). */
export const MISSING_RGB: readonly [number, number, number] = [40, 40, 40];

/**
 * RGBA pixels (n·n·4 bytes, opaque) of the matrix: colour = viridis(alikeness(score)).
 * Diagonal cells and out-of-range scores clamp to the ends of the map; non-finite scores get
 * MISSING_RGB.
 */
export function matrixToRgba(
  matrix: Float64Array,
  n: number,
  kind: ScoreKind,
  range: ScoreRange,
  lut: Uint8Array = VIRIDIS_LUT,
): Uint8ClampedArray<ArrayBuffer> {
  if (matrix.length !== n * n) throw new Error(`matrix has ${matrix.length} entries, expected n*n = ${n * n}`);
  const rgba = new Uint8ClampedArray(n * n * 4);
  for (let p = 0; p < n * n; p++) {
    const t = alikeness(matrix[p], range, kind);
    const o = p * 4;
    if (Number.isNaN(t)) {
      rgba.set(MISSING_RGB, o);
    } else {
      const k = lutIndex(t) * 3;
      rgba[o] = lut[k];
      rgba[o + 1] = lut[k + 1];
      rgba[o + 2] = lut[k + 2];
    }
    rgba[o + 3] = 255;
  }
  return rgba;
}

/** Colours of the kept/dropped edge strips. */
export const KEPT_RGB: readonly [number, number, number] = [80, 220, 120];
export const DROPPED_RGB: readonly [number, number, number] = [30, 30, 34];

/** RGBA pixels (n × 1) of a strip marking kept slices (kept[k] != 0) along a heatmap edge. */
export function keptStripRgba(kept: Uint8Array, n: number): Uint8ClampedArray<ArrayBuffer> {
  if (kept.length !== n) throw new Error(`kept mask has ${kept.length} entries, expected n = ${n}`);
  const rgba = new Uint8ClampedArray(n * 4);
  for (let k = 0; k < n; k++) {
    rgba.set(kept[k] ? KEPT_RGB : DROPPED_RGB, k * 4);
    rgba[k * 4 + 3] = 255;
  }
  return rgba;
}
