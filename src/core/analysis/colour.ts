/**
 * Colour maps for the analysis figures: viridis (CKA, 0..1), jet (Grad-CAM, as pytorch-grad-cam's
 * show_cam_on_image uses cv2.COLORMAP_JET) and a categorical palette for classes.
 */

const VIRIDIS: [number, number, number][] = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];

/** RGB of t ∈ [0, 1] on viridis (linear between 10 stops; clamped). */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - i;
  return [0, 1, 2].map((c) => Math.round(VIRIDIS[i][c] * (1 - f) + VIRIDIS[i + 1][c] * f)) as [number, number, number];
}

/** RGB of t ∈ [0, 1] on jet (OpenCV's piecewise-linear form). */
export function jet(t: number): [number, number, number] {
  const v = Math.min(Math.max(t, 0), 1);
  const ch = (x: number) => Math.round(255 * Math.min(Math.max(1.5 - Math.abs(4 * v - x), 0), 1));
  return [ch(3), ch(2), ch(1)];
}

/** Tableau 10: class k's colour. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function classColour(k: number): string {
  return PALETTE[k % PALETTE.length];
}

export function rgbHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
