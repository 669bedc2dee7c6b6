/**
 * NMI on the CPU (Studholme 1998), equal to scikit-image 0.19's
 * `normalized_mutual_information(a, b, bins=100)`:
 *
 *   NMI = (H(A) + H(B)) / H(A, B),  H(p) = −Σ p log p (natural log, 0·log 0 = 0)
 *
 * over a 100×100 joint histogram with per-image bin edges (./nmiBins.cpu.ts). skimage builds the
 * histogram with density=True and scipy.stats.entropy renormalises it; apart from float rounding
 * of the bin widths (≈1e-16 relative) that is the plain count distribution, so with counts c and
 * N pixels:  H = log N − (1/N) Σ c log c, evaluated with a table of c log c. Range 1..2.
 *
 * One deliberate deviation: when both images are constant, H(A) = H(B) = H(A, B) = 0 and
 * scikit-image returns 0/0 = NaN. We return 2, the value of identical images: after the per-slice
 * 8-bit mapping any two constant slices are the same all-zero image (blank padding slices outside
 * the body are common), and a NaN would leave such pairs unrankable for the reduction.
 */
import type { ComputeOptions, SliceStack } from '../types';
import { NMI_BINS, binIndices, nmiFromEntropies } from './nmiBins';
import { ProgressReporter, pairCount, throwIfAborted } from '../../runtime';
import { assertSliceStack, stackSlice } from '../../preprocess/sliceStackChecks';

/** Module-local copy: imported bindings can compile to getter calls (CommonJS interop), too slow per pixel. */
const BINS = NMI_BINS;

/** c·log(c) for c = 0..n (0·log 0 = 0). */
export function cLogCTable(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let c = 2; c <= n; c++) t[c] = c * Math.log(c);
  return t;
}

/** Per-slice part of the fast form: bin indices, H, and which bins are used (ascending). */
export interface SliceBins {
  bins: Uint8Array;
  entropy: number;
  used: Uint8Array;
}

/**
 * Reusable per-size state: the c log c table and the joint histogram. The joint histogram is kept
 * as two interleaved halves (even and odd pixels): CT slices put long runs of pixels into the same
 * few bins, and alternating between two counters halves the store-to-load dependency chain.
 * Only cells (r, c) with r used by A and c used by B can be non-zero, so only those are summed.
 */
export class NmiKernel {
  private readonly cLogC: Float64Array;
  private readonly even = new Int32Array(BINS * BINS);
  private readonly odd = new Int32Array(BINS * BINS);
  private readonly logN: number;

  constructor(private readonly pixels: number) {
    this.cLogC = cLogCTable(pixels);
    this.logN = Math.log(pixels);
  }

  /** Bin indices → H and the used bins (the marginal histogram is row 0 of the joint one). */
  slice(bins: Uint8Array): SliceBins {
    const { even, cLogC } = this;
    for (let i = 0; i < bins.length; i++) even[bins[i]]++;
    const used: number[] = [];
    let s = 0;
    for (let k = 0; k < BINS; k++) {
      const c = even[k];
      if (c !== 0) {
        s += cLogC[c];
        used.push(k);
        even[k] = 0;
      }
    }
    return { bins, entropy: this.logN - s / this.pixels, used: Uint8Array.from(used) };
  }

  /**
   * H(A, B) = log N − (1/N) Σ c log c over the joint counts. Cells are visited row by row in
   * ascending order, so H(A, A) sums the same counts in the same order as H(A): NMI(A, A) = 2 exactly.
   */
  jointEntropy(a: SliceBins, b: SliceBins): number {
    const { even, odd, cLogC } = this;
    const x = a.bins, y = b.bins;
    const len = x.length;
    const pairsEnd = len - (len % 2);
    for (let i = 0; i < pairsEnd; i += 2) {
      even[x[i] * BINS + y[i]]++;
      odd[x[i + 1] * BINS + y[i + 1]]++;
    }
    if (pairsEnd < len) even[x[pairsEnd] * BINS + y[pairsEnd]]++;
    const rows = a.used, cols = b.used;
    let s = 0;
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r] * BINS;
      for (let q = 0; q < cols.length; q++) {
        const k = base + cols[q];
        const c = even[k] + odd[k];
        if (c !== 0) {
          s += cLogC[c];
          even[k] = 0;
          odd[k] = 0;
        }
      }
    }
    return this.logN - s / this.pixels;
  }
}

function checkedPixels(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`nmi: images must have the same number of pixels, got ${a.length} and ${b.length}`);
  if (a.length === 0) throw new RangeError('nmi: images are empty');
  return a.length;
}

/** NMI of one pair of 8-bit images (same size, any shape). */
export function nmiPairCpu(a: Uint8Array, b: Uint8Array): number {
  const len = checkedPixels(a, b);
  const kernel = new NmiKernel(len);
  const ba = new Uint8Array(len);
  const bb = new Uint8Array(len);
  binIndices(a, ba);
  binIndices(b, bb);
  const sa = kernel.slice(ba);
  const sb = kernel.slice(bb);
  return nmiFromEntropies(sa.entropy, sb.entropy, kernel.jointEntropy(sa, sb));
}

/**
 * Full n×n NMI matrix (row-major). Per slice the bin indices, H and the used bins once; per pair
 * only the joint histogram and H(A, B) over used rows × used columns. Computed for i ≤ j and mirrored: NMI is symmetric in exact arithmetic
 * and the reference's NMI(a,b) − NMI(b,a) is float summation order (~1e-15), far below the 1e-9
 * tolerance; mirroring makes our matrix exactly symmetric. The diagonal goes through the same path
 * (H(A, A) sums the same counts in the same order as H(A), so it is exactly 2). Progress counts
 * pairs i < j.
 */
export function nmiMatrixCpu(stack: SliceStack, opts?: ComputeOptions): Float64Array {
  assertSliceStack(stack, 'nmi');
  const { n } = stack;
  const len = stack.rows * stack.cols;
  const matrix = new Float64Array(n * n);
  if (n === 0) return matrix;
  if (len === 0) throw new RangeError(`nmi: slices of ${stack.rows}×${stack.cols} px are empty`);
  const kernel = new NmiKernel(len);
  const bins = new Uint8Array(n * len);
  const slices: SliceBins[] = [];
  for (let k = 0; k < n; k++) {
    if (k % 64 === 0) throwIfAborted(opts?.signal, 'nmi');
    const bk = bins.subarray(k * len, (k + 1) * len);
    binIndices(stackSlice(stack, k), bk);
    slices.push(kernel.slice(bk));
  }
  const progress = new ProgressReporter(opts, pairCount(n), 'nmi');
  let done = 0;
  for (let i = 0; i < n; i++) {
    const si = slices[i];
    for (let j = i; j < n; j++) {
      const sj = slices[j];
      const v = nmiFromEntropies(si.entropy, sj.entropy, kernel.jointEntropy(si, sj));
      matrix[i * n + j] = v;
      matrix[j * n + i] = v;
    }
    done += n - 1 - i;
    progress.update(done);
  }
  return matrix;
}
