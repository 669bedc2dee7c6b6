/**
 * A Grad-CAM map over its slice, as pytorch-grad-cam's show_cam_on_image: out = (1 − a)·gray + a·jet(cam)
 * per pixel, the cam resized to the slice (bilinear, half-pixel centres). RGBA, row-major.
 */
import { resizeBilinear } from '../eval/resize';
import { jet } from './colour';

export function camOverlayRgba(pixels: ArrayLike<number>, rows: number, cols: number, cam: ArrayLike<number>, camSize: number, opacity = 0.5): Uint8ClampedArray {
  const c = resizeBilinear(cam, camSize, camSize, rows, cols);
  const out = new Uint8ClampedArray(rows * cols * 4);
  for (let p = 0; p < rows * cols; p++) {
    const g = pixels[p];
    const [r, gg, b] = jet(c[p]);
    out[p * 4] = (1 - opacity) * g + opacity * r;
    out[p * 4 + 1] = (1 - opacity) * g + opacity * gg;
    out[p * 4 + 2] = (1 - opacity) * g + opacity * b;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** The cam alone as RGBA jet with alpha = opacity·255 (for drawing over a viewer). */
export function camRgba(cam: ArrayLike<number>, size: number, opacity: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(size * size * 4);
  for (let p = 0; p < size * size; p++) {
    const [r, g, b] = jet(cam[p]);
    out.set([r, g, b, Math.round(255 * opacity)], p * 4);
  }
  return out;
}
