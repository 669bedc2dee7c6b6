/**
 * Pillow 9.4's LANCZOS resize of an 8-bit single-channel image (src/libImaging/Resample.c,
 * ImagingResampleInner with the *_8bpc passes), reproduced integer for integer so that dHash is
 * bit-identical to `imagehash.dhash`.
 *
 * ## Method
 * Per axis (precompute_coeffs), for output index i of `out` pixels from `in` pixels:
 *   scale = in / out, filterscale = max(scale, 1), support = 3 · filterscale,
 *   center = (i + 0.5) · scale,
 *   xmin = max(0, trunc(center - support + 0.5)), xmax = min(in, trunc(center + support + 0.5)),
 *   w_x = lanczos3((x - center + 0.5) / filterscale) for x in [xmin, xmax), normalised by Σ w,
 *   lanczos3(t) = sinc(t) · sinc(t / 3) on [-3, 3), sinc(t) = sin(πt) / (πt), sinc(0) = 1.
 * Fixed point (normalize_coeffs_8bpc): k = trunc(w · 2^22 ± 0.5) (sign of w).
 * Each output pixel: clamp((2^21 + Σ px · k) >> 22, 0, 255).
 * Two passes, horizontal first, over only the source rows the vertical pass reads
 * (bounds of its first and last output row); the intermediate image is stored as uint8.
 * A pass whose size does not change is skipped, as in Pillow. The horizontal pass, which dominates
 * a downscale to 9×8, runs on WebAssembly SIMD where available (./lanczosSimd.ts).
 */
import { makeSimdHorizontalPass, type HorizontalPass } from './lanczosSimd';

/** Bits of the fixed-point coefficients: 32 - 8 - 2 (PRECISION_BITS in Resample.c). */
const PRECISION_BITS = 22;
const HALF = 1 << (PRECISION_BITS - 1);
const ONE = 2 ** PRECISION_BITS;
const LANCZOS_SUPPORT = 3;

/** Fixed-point coefficients for resampling one axis. */
export interface AxisCoeffs {
  /** First source index used by output i. */
  start: Int32Array;
  /** Number of source pixels used by output i. */
  count: Int32Array;
  /** Fixed-point coefficients of output i at [i * ksize, i * ksize + count[i]) (integers, held as float64: see resampleHorizontalJs). */
  k: Float64Array;
  ksize: number;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

function lanczos3(x: number): number {
  return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0;
}

/** precompute_coeffs + normalize_coeffs_8bpc for box [0, inSize) → outSize. */
export function lanczosAxisCoeffs(inSize: number, outSize: number): AxisCoeffs {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = LANCZOS_SUPPORT * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const k = new Float64Array(outSize * ksize);
  const w = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      w[x] = lanczos3((x + xmin - center + 0.5) * ss);
      ww += w[x];
    }
    for (let x = 0; x < xmax; x++) {
      const wn = ww !== 0 ? w[x] / ww : w[x];
      k[i * ksize + x] = wn < 0 ? Math.trunc(-0.5 + wn * ONE) : Math.trunc(0.5 + wn * ONE);
    }
    start[i] = xmin;
    count[i] = xmax;
  }
  return { start, count, k, ksize };
}

/** clip8 of Resample.c: (ss >> 22) clamped to 0..255. ss is an integer within int32 for 8-bit input. */
function clip8(ss: number): number {
  const v = ss >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** A resize function for a fixed source and target size (coefficients computed once). */
export type U8Resizer = (src: Uint8Array) => Uint8Array;

/** Build a Pillow-exact LANCZOS resizer srcW×srcH → dstW×dstH for 8-bit single-channel images. */
export function makeLanczosResizerU8(srcW: number, srcH: number, dstW: number, dstH: number): U8Resizer {
  for (const [name, v] of [['srcW', srcW], ['srcH', srcH], ['dstW', dstW], ['dstH', dstH]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`resizeLanczosU8: ${name} must be a positive integer, got ${v}`);
  }
  const needH = dstW !== srcW;
  const needV = dstH !== srcH;
  const vert = lanczosAxisCoeffs(srcH, dstH);
  const horizCoeffs = needH ? lanczosAxisCoeffs(srcW, dstW) : undefined;
  const horiz = horizCoeffs && horizontalPass(horizCoeffs, srcW, dstW);
  // Rows of the source the vertical pass reads (ybox_first .. ybox_last).
  const rowFirst = vert.start[0];
  const rowLast = vert.start[dstH - 1] + vert.count[dstH - 1];
  return (src: Uint8Array): Uint8Array => {
    if (src.length !== srcW * srcH) {
      throw new RangeError(`resizeLanczosU8: image of ${srcW}×${srcH} needs ${srcW * srcH} pixels, got ${src.length}`);
    }
    let img = src;
    let rowOffset = 0;
    if (horiz) {
      img = horiz(src, rowFirst, rowLast - rowFirst);
      rowOffset = rowFirst;
    }
    if (!needV) return horiz ? img : src.slice();
    return resampleVertical(img, dstW, vert, dstH, rowOffset);
  };
}

/**
 * The horizontal pass for coefficients `c` (srcW → dstW): the WebAssembly SIMD kernel
 * (./lanczosSimd.ts, bit-identical, ≈3× faster) where it runs, else resampleHorizontalJs.
 */
function horizontalPass(c: AxisCoeffs, srcW: number, dstW: number): HorizontalPass {
  return makeSimdHorizontalPass(c, srcW, dstW)
    ?? ((src, rowFirst, rows) => resampleHorizontalJs(src, srcW, rowFirst, rows, c, dstW));
}

/**
 * ImagingResampleHorizontal_8bpc over source rows [rowFirst, rowFirst + rows) in plain
 * JavaScript: the reference for the SIMD kernel and the fallback where it cannot run.
 * Four rows share each coefficient load (3× faster in V8 than one row at a time). The integer
 * products and sums are exact in float64 (|Σ px·k| < 2^31 for 8-bit input, far below 2^53), so
 * they equal Pillow's int32 arithmetic in any order; float64 avoids V8's int32 overflow checks
 * (~12% faster).
 */
export function resampleHorizontalJs(src: Uint8Array, srcW: number, rowFirst: number, rows: number, c: AxisCoeffs, dstW: number): Uint8Array {
  const out = new Uint8Array(dstW * rows);
  const { k, start, count, ksize } = c;
  const w1 = srcW, w2 = 2 * srcW, w3 = 3 * srcW;
  let y = 0;
  for (; y + 4 <= rows; y += 4) {
    const rowBase = (y + rowFirst) * srcW;
    for (let xx = 0; xx < dstW; xx++) {
      const base = rowBase + start[xx];
      const kBase = xx * ksize;
      const cnt = count[xx];
      let s0 = HALF, s1 = HALF, s2 = HALF, s3 = HALF;
      for (let x = 0; x < cnt; x++) {
        const kv = k[kBase + x];
        const i = base + x;
        s0 += src[i] * kv;
        s1 += src[i + w1] * kv;
        s2 += src[i + w2] * kv;
        s3 += src[i + w3] * kv;
      }
      const o = y * dstW + xx;
      out[o] = clip8(s0);
      out[o + dstW] = clip8(s1);
      out[o + 2 * dstW] = clip8(s2);
      out[o + 3 * dstW] = clip8(s3);
    }
  }
  for (; y < rows; y++) {
    const rowBase = (y + rowFirst) * srcW;
    for (let xx = 0; xx < dstW; xx++) {
      const base = rowBase + start[xx];
      const kBase = xx * ksize;
      const cnt = count[xx];
      let ss = HALF;
      for (let x = 0; x < cnt; x++) ss += src[base + x] * k[kBase + x];
      out[y * dstW + xx] = clip8(ss);
    }
  }
  return out;
}

/** ImagingResampleVertical_8bpc; `rowOffset` is the first source row held by `img` (bounds shift). */
function resampleVertical(img: Uint8Array, width: number, c: AxisCoeffs, dstH: number, rowOffset: number): Uint8Array {
  const out = new Uint8Array(width * dstH);
  for (let yy = 0; yy < dstH; yy++) {
    const kBase = yy * c.ksize;
    const first = c.start[yy] - rowOffset;
    const cnt = c.count[yy];
    const k = c.k;
    for (let xx = 0; xx < width; xx++) {
      let ss = HALF;
      for (let y = 0; y < cnt; y++) ss += img[(first + y) * width + xx] * k[kBase + y];
      out[yy * width + xx] = clip8(ss);
    }
  }
  return out;
}

/**
 * Resize an 8-bit single-channel image (row-major, srcW wide) exactly as Pillow 9.4's
 * `Image.resize((dstW, dstH), Image.LANCZOS)` does for mode "L".
 */
export function resizeLanczosU8(src: Uint8Array, srcW: number, srcH: number, dstW: number, dstH: number): Uint8Array {
  return makeLanczosResizerU8(srcW, srcH, dstW, dstH)(src);
}
