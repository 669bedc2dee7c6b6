/**
 * The SSIM window of scikit-image's `structural_similarity(..., gaussian_weights=True, sigma=1.5)`:
 * scipy.ndimage.gaussian_filter with truncate = 3.5, i.e. radius = int(3.5 · 1.5 + 0.5) = 5,
 * 11 taps w_k = exp(-k² / (2σ²)) / Σ exp(-j² / (2σ²)), k = -5..5, applied along axis 0 then axis 1.
 */
export const SSIM_SIGMA = 1.5;
export const SSIM_TRUNCATE = 3.5;
export const SSIM_RADIUS = Math.trunc(SSIM_TRUNCATE * SSIM_SIGMA + 0.5);
export const SSIM_WIN_SIZE = 2 * SSIM_RADIUS + 1;

/** The 11 normalised Gaussian taps, index 0 = offset -5. */
export function gaussianTaps(sigma = SSIM_SIGMA, radius = SSIM_RADIUS): Float64Array {
  const taps = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    taps[k + radius] = Math.exp((-0.5 / (sigma * sigma)) * k * k);
    sum += taps[k + radius];
  }
  for (let i = 0; i < taps.length; i++) taps[i] /= sum;
  return taps;
}

/** scipy.ndimage 'reflect' boundary (d c b a | a b c d | d c b a): fold index i into 0..n-1. */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let m = ((i % period) + period) % period;
  if (m >= n) m = period - 1 - m;
  return m;
}

/**
 * Full-size separable Gaussian blur with reflect boundaries (the straight scipy semantics):
 * first along axis 0 (down the rows), then along axis 1 (across the columns).
 */
export function gaussianBlurReflect(src: Float64Array, rows: number, cols: number, taps: Float64Array): Float64Array {
  const r = (taps.length - 1) / 2;
  const tmp = new Float64Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += taps[k + r] * src[reflectIndex(y + k, rows) * cols + x];
      tmp[y * cols + x] = s;
    }
  }
  const out = new Float64Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += taps[k + r] * tmp[y * cols + reflectIndex(x + k, cols)];
      out[y * cols + x] = s;
    }
  }
  return out;
}
