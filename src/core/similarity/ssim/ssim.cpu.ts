/**
 * SSIM on the CPU (Wang et al. 2004), equal to scikit-image 0.19's
 * `structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=255)` on float64 0..255 images:
 *
 *   μx = G∗x, μy = G∗y, vx = G∗x² − μx², vy = G∗y² − μy², vxy = G∗(xy) − μx·μy
 *   S  = ((2μxμy + C1)(2vxy + C2)) / ((μx² + μy² + C1)(vx + vy + C2)),  C1 = (0.01·255)², C2 = (0.03·255)²
 *   SSIM = mean of S over the map cropped by 5 px on every side
 *
 * G is the 11-tap Gaussian (σ 1.5, truncate 3.5, ./gaussianWindow.cpu.ts), reflect boundaries.
 * Special cases: a constant slice has zero variance and C1, C2 keep S finite; slices smaller than
 * 11 px in either dimension throw (skimage: "win_size exceeds image extent").
 */
import type { ComputeOptions, SliceStack } from '../types';
import { gaussianBlurReflect, gaussianTaps, SSIM_RADIUS, SSIM_WIN_SIZE } from './gaussianWindow.cpu';
import { ValidBlur } from './validBlur.cpu';
import { ProgressReporter, pairCount, throwIfAborted } from '../../runtime';
import { assertSliceStack, stackSlice } from '../../preprocess/sliceStackChecks';

export const SSIM_DATA_RANGE = 255;
export const SSIM_C1 = (0.01 * SSIM_DATA_RANGE) ** 2;
export const SSIM_C2 = (0.03 * SSIM_DATA_RANGE) ** 2;

/** Default memory for per-slice maps held at once (μ and variance in float64); opts.memoryBudgetBytes overrides. */
const STATS_BUDGET_BYTES = 256 * 2 ** 20;

function assertWindowFits(rows: number, cols: number): void {
  if (rows < SSIM_WIN_SIZE || cols < SSIM_WIN_SIZE) {
    throw new RangeError(
      `ssim: slices of ${rows}×${cols} px are smaller than the ${SSIM_WIN_SIZE}×${SSIM_WIN_SIZE} Gaussian window (win_size exceeds image extent)`,
    );
  }
}

/** SSIM map term for one pixel. */
function ssimTerm(mx: number, my: number, vx: number, vy: number, vxy: number): number {
  return ((2 * mx * my + SSIM_C1) * (2 * vxy + SSIM_C2)) / ((mx * mx + my * my + SSIM_C1) * (vx + vy + SSIM_C2));
}

/**
 * Straight reference for one pair: the five full-size reflect-padded blurs, the full SSIM map,
 * then the cropped mean — step for step as scikit-image. Slow; the matrix uses the fast form.
 */
export function ssimPairCpu(a: Uint8Array, b: Uint8Array, rows: number, cols: number): number {
  const len = rows * cols;
  if (a.length !== len || b.length !== len) {
    throw new RangeError(`ssim: ${rows}×${cols} slices need ${len} pixels each, got ${a.length} and ${b.length}`);
  }
  assertWindowFits(rows, cols);
  const taps = gaussianTaps();
  const x = Float64Array.from(a);
  const y = Float64Array.from(b);
  const blur = (img: Float64Array): Float64Array => gaussianBlurReflect(img, rows, cols, taps);
  const ux = blur(x);
  const uy = blur(y);
  const uxx = blur(x.map((v) => v * v));
  const uyy = blur(y.map((v) => v * v));
  const uxy = blur(x.map((v, i) => v * y[i]));
  const pad = SSIM_RADIUS;
  let sum = 0;
  for (let r = pad; r < rows - pad; r++) {
    for (let c = pad; c < cols - pad; c++) {
      const i = r * cols + c;
      sum += ssimTerm(ux[i], uy[i], uxx[i] - ux[i] * ux[i], uyy[i] - uy[i] * uy[i], uxy[i] - ux[i] * uy[i]);
    }
  }
  return sum / ((rows - 2 * pad) * (cols - 2 * pad));
}

/** μ and variance maps of one slice over the cropped interior. */
export interface SliceStats {
  mu: Float64Array;
  variance: Float64Array;
}

/** Computes slice statistics and pair scores for one slice size, reusing its buffers. */
export class SsimKernel {
  private readonly blur: ValidBlur;
  private readonly image: Float64Array;
  readonly area: number;

  constructor(readonly rows: number, readonly cols: number) {
    this.blur = new ValidBlur(rows, cols, gaussianTaps());
    this.area = this.blur.outRows * this.blur.outCols;
    this.image = new Float64Array(rows * cols);
  }

  /** μ = G∗x and v = G∗x² − μ² over the interior (the per-slice part of the fast form). */
  stats(x: Uint8Array): SliceStats {
    const mu = new Float64Array(this.area);
    const variance = new Float64Array(this.area);
    for (let i = 0; i < x.length; i++) this.image[i] = x[i];
    this.blur.apply(this.image, mu);
    for (let i = 0; i < x.length; i++) this.image[i] = x[i] * x[i];
    this.blur.apply(this.image, variance);
    for (let i = 0; i < this.area; i++) variance[i] -= mu[i] * mu[i];
    return { mu, variance };
  }

  /**
   * SSIM of a pair given both slices' stats: only G∗(xy) is new per pair. The axis-1 pass is fused
   * with the SSIM term and the sum, so G∗(xy) is never stored.
   */
  pair(x: Uint8Array, y: Uint8Array, sx: SliceStats, sy: SliceStats): number {
    const { image, area, cols } = this;
    for (let i = 0; i < x.length; i++) image[i] = x[i] * y[i];
    this.blur.blurAxis0(image);
    const v = this.blur.vertical;
    const [w0, w1, w2, w3, w4, w5] = this.blur.taps;
    const { outRows, outCols } = this.blur;
    const mx = sx.mu, my = sy.mu, vx = sx.variance, vy = sy.variance;
    let sum = 0;
    for (let r = 0; r < outRows; r++) {
      const o = r * outCols;
      const i0 = r * cols;
      for (let c = 0; c < outCols; c++) {
        const i = i0 + c;
        const uxy =
          w0 * (v[i] + v[i + 10]) + w1 * (v[i + 1] + v[i + 9]) + w2 * (v[i + 2] + v[i + 8]) +
          w3 * (v[i + 3] + v[i + 7]) + w4 * (v[i + 4] + v[i + 6]) + w5 * v[i + 5];
        const j = o + c;
        const ux = mx[j], uy = my[j];
        sum += ((2 * ux * uy + SSIM_C1) * (2 * (uxy - ux * uy) + SSIM_C2)) / ((ux * ux + uy * uy + SSIM_C1) * (vx[j] + vy[j] + SSIM_C2));
      }
    }
    return sum / area;
  }
}

/**
 * Full n×n SSIM matrix (row-major), fast form: per slice μ and G∗x² − μ² once (float64), per pair
 * only G∗(xy), and only over the cropped interior (see ./validBlur.cpu.ts).
 * SSIM is symmetric bit for bit (every term is a commutative product or sum of the two slices'
 * maps, and x·y is exact), so i ≤ j is computed and mirrored; the diagonal goes through the same
 * path and is exactly 1, as in scikit-image. Slices are processed in blocks whose stats fit
 * `opts.memoryBudgetBytes` (default 256 MiB). Progress counts pairs i < j.
 */
export function ssimMatrixCpu(stack: SliceStack, opts?: ComputeOptions): Float64Array {
  assertSliceStack(stack, 'ssim');
  const { n, rows, cols } = stack;
  const matrix = new Float64Array(n * n);
  if (n === 0) return matrix;
  assertWindowFits(rows, cols);
  const kernel = new SsimKernel(rows, cols);
  // Two blocks of slices, each slice holding two float64 maps of the interior.
  const budget = opts?.memoryBudgetBytes ?? STATS_BUDGET_BYTES;
  const block = Math.max(1, Math.floor(budget / (2 * 2 * 8 * kernel.area)));
  const progress = new ProgressReporter(opts, pairCount(n), 'ssim');
  const statsOf = (from: number, to: number): SliceStats[] => {
    const out: SliceStats[] = [];
    for (let k = from; k < to; k++) {
      throwIfAborted(opts?.signal, 'ssim');
      out.push(kernel.stats(stackSlice(stack, k)));
    }
    return out;
  };
  let done = 0;
  for (let a0 = 0; a0 < n; a0 += block) {
    const a1 = Math.min(n, a0 + block);
    const statsA = statsOf(a0, a1);
    for (let b0 = a0; b0 < n; b0 += block) {
      const b1 = Math.min(n, b0 + block);
      const statsB = b0 === a0 ? statsA : statsOf(b0, b1);
      for (let i = a0; i < a1; i++) {
        const xi = stackSlice(stack, i);
        for (let j = Math.max(i, b0); j < b1; j++) {
          const s = kernel.pair(xi, stackSlice(stack, j), statsA[i - a0], statsB[j - b0]);
          matrix[i * n + j] = s;
          matrix[j * n + i] = s;
          if (j > i) done++;
        }
        progress.update(done);
      }
    }
  }
  return matrix;
}
