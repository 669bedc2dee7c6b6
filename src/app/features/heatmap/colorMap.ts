/**
 * Perceptual colour map for similarity heatmaps: viridis (van der Walt & Smith, matplotlib 2.0),
 * sampled at nine evenly spaced stops and linearly interpolated into a 256-entry RGB look-up table.
 * Viridis is perceptually uniform, its lightness rises monotonically and it reads in greyscale and
 * for the common colour-vision deficiencies, so "more alike" is always "brighter".
 */

/** viridis at t = 0, 1/8, …, 1 (matplotlib's values, sRGB 0..255). */
export const VIRIDIS_STOPS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
];

/** Number of entries in a colour look-up table. */
export const LUT_SIZE = 256;

/**
 * 256 × RGB look-up table: entry k is the colour map at t = k / 255.
 * Between stops s and s+1 (t in [s/8, (s+1)/8]) each channel is linearly interpolated.
 */
export function buildLut(stops: readonly (readonly [number, number, number])[] = VIRIDIS_STOPS): Uint8Array {
  if (stops.length < 2) throw new Error(`colour map needs at least 2 stops, got ${stops.length}`);
  const lut = new Uint8Array(LUT_SIZE * 3);
  const segments = stops.length - 1;
  for (let k = 0; k < LUT_SIZE; k++) {
    const pos = (k / (LUT_SIZE - 1)) * segments;
    const s = Math.min(Math.floor(pos), segments - 1);
    const f = pos - s;
    for (let c = 0; c < 3; c++) {
      lut[k * 3 + c] = Math.round(stops[s][c] * (1 - f) + stops[s + 1][c] * f);
    }
  }
  return lut;
}

/** The shared viridis table (built once). */
export const VIRIDIS_LUT: Uint8Array = buildLut();

/** LUT index for t in [0, 1] (clamped; NaN is the caller's job). */
export function lutIndex(t: number): number {
  return Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1));
}

/** Colour at t in [0, 1] as [r, g, b]. */
export function colorAt(t: number, lut: Uint8Array = VIRIDIS_LUT): [number, number, number] {
  const k = lutIndex(t) * 3;
  return [lut[k], lut[k + 1], lut[k + 2]];
}

/** CSS `rgb(...)` for t in [0, 1]. */
export function cssColorAt(t: number, lut: Uint8Array = VIRIDIS_LUT): string {
  const [r, g, b] = colorAt(t, lut);
  return `rgb(${r}, ${g}, ${b})`;
}

/** CSS linear-gradient (left = t 0, right = t 1) built from the stops, for legends. */
export function cssGradient(stops: readonly (readonly [number, number, number])[] = VIRIDIS_STOPS): string {
  const parts = stops.map(([r, g, b], s) => `rgb(${r}, ${g}, ${b}) ${((s / (stops.length - 1)) * 100).toFixed(1)}%`);
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/** Relative luminance (Rec. 709 weights on sRGB values; good enough to check monotone lightness). */
export function luma([r, g, b]: readonly [number, number, number]): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
