/**
 * The 11-tap Gaussian blur evaluated only where SSIM's mean reads it.
 *
 * skimage averages the SSIM map after cropping (win_size - 1) / 2 = 5 px from every side, which is
 * exactly the window radius. Every output pixel kept by the crop therefore reads only pixels inside
 * the image, so the reflect boundary never contributes and a "valid" blur (no padding) over the
 * (rows - 10) × (cols - 10) interior gives the same values as scipy's full-size filter there.
 * Separable, axis 0 first (as scipy), using the window's symmetry w[5-k] = w[5+k].
 */

/** Reusable buffers for one rows × cols size. */
export class ValidBlur {
  readonly outRows: number;
  readonly outCols: number;
  /** Output of the axis-0 pass: (rows - 10) × cols. */
  readonly vertical: Float64Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly taps: Float64Array,
  ) {
    if (taps.length !== 11) throw new RangeError(`ValidBlur: expects the 11-tap SSIM window, got ${taps.length} taps`);
    this.outRows = rows - (taps.length - 1);
    this.outCols = cols - (taps.length - 1);
    this.vertical = new Float64Array(this.outRows * cols);
  }

  /** Blur src (rows × cols) into out ((rows - 10) × (cols - 10)). */
  apply(src: Float64Array, out: Float64Array): void {
    this.blurAxis0(src);
    this.blurAxis1(out);
  }

  /** vertical[r][c] = Σ_k w_k · src[r + k][c], k = 0..10, over all columns. */
  blurAxis0(src: Float64Array): void {
    const { cols, outRows, taps, vertical } = this;
    const [w0, w1, w2, w3, w4, w5] = taps;
    const c1 = cols, c2 = 2 * cols, c3 = 3 * cols, c4 = 4 * cols, c5 = 5 * cols;
    const c6 = 6 * cols, c7 = 7 * cols, c8 = 8 * cols, c9 = 9 * cols, c10 = 10 * cols;
    for (let r = 0; r < outRows; r++) {
      const o = r * cols;
      for (let i = o; i < o + cols; i++) {
        vertical[i] =
          w0 * (src[i] + src[i + c10]) +
          w1 * (src[i + c1] + src[i + c9]) +
          w2 * (src[i + c2] + src[i + c8]) +
          w3 * (src[i + c3] + src[i + c7]) +
          w4 * (src[i + c4] + src[i + c6]) +
          w5 * src[i + c5];
      }
    }
  }

  /** out[r][c] = Σ_k w_k · vertical[r][c + k], k = 0..10. */
  blurAxis1(out: Float64Array): void {
    const { cols, outRows, outCols, taps, vertical: v } = this;
    const [w0, w1, w2, w3, w4, w5] = taps;
    for (let r = 0; r < outRows; r++) {
      const o = r * outCols;
      const i0 = r * cols;
      for (let c = 0; c < outCols; c++) {
        const i = i0 + c;
        out[o + c] =
          w0 * (v[i] + v[i + 10]) +
          w1 * (v[i + 1] + v[i + 9]) +
          w2 * (v[i + 2] + v[i + 8]) +
          w3 * (v[i + 3] + v[i + 7]) +
          w4 * (v[i + 4] + v[i + 6]) +
          w5 * v[i + 5];
      }
    }
  }
}
