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
 */
import type { ComputeOptions, SliceStack } from '../types';
import { NMI_BINS, binIndices } from './nmiBins.cpu';
import { ProgressReporter, pairCount, throwIfAborted } from '../../preprocess/progress';
import { assertSliceStack, stackSlice } from '../../preprocess/sliceStackChecks';

/** Module-local copy: imported bindings can compile to getter calls (CommonJS interop), too slow per pixel. */
const BINS = NMI_BINS;

/** c·log(c) for c = 0..n (0·log 0 = 0). */
function cLogCTable(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let c = 2; c <= n; c++) t[c] = c * Math.log(c);
  return t;
}

/**
 * Reusable per-size state: the c log c table and the joint histogram. The joint histogram is kept
 * as two interleaved halves (even and odd pixels): CT slices put long runs of pixels into the same
 * few bins, and alternating between two counters halves the store-to-load dependency chain.
 */
class NmiKernel {
  private readonly cLogC: Float64Array;
  private readonly even = new Int32Array(BINS * BINS);
  private readonly odd = new Int32Array(BINS * BINS);
  private readonly logN: number;

  constructor(private readonly pixels: number) {
    this.cLogC = cLogCTable(pixels);
    this.logN = Math.log(pixels);
  }

  /** log N − (1/N) Σ c log c over the counts even[k] + odd[k], clearing both on the way. */
  private entropyAndClear(): number {
    const { even, odd, cLogC } = this;
    let s = 0;
    for (let k = 0; k < even.length; k++) {
      const c = even[k] + odd[k];
      if (c !== 0) {
        s += cLogC[c];
        even[k] = 0;
        odd[k] = 0;
      }
    }
    return this.logN - s / this.pixels;
  }

  /** H of one image's bin indices (counted in the first row of the joint histogram). */
  marginalEntropy(bins: Uint8Array): number {
    for (let i = 0; i < bins.length; i++) this.even[bins[i]]++;
    return this.entropyAndClear();
  }

  /** H(A, B) of two images' bin indices. */
  jointEntropy(a: Uint8Array, b: Uint8Array): number {
    const { even, odd } = this;
    const len = a.length;
    const pairsEnd = len - (len % 2);
    for (let i = 0; i < pairsEnd; i += 2) {
      even[a[i] * BINS + b[i]]++;
      odd[a[i + 1] * BINS + b[i + 1]]++;
    }
    if (pairsEnd < len) even[a[pairsEnd] * BINS + b[pairsEnd]]++;
    return this.entropyAndClear();
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
  return (kernel.marginalEntropy(ba) + kernel.marginalEntropy(bb)) / kernel.jointEntropy(ba, bb);
}

/**
 * Full n×n NMI matrix (row-major). Per slice the bin indices and H once; per pair only the joint
 * histogram and H(A, B). Computed for i ≤ j and mirrored: NMI is symmetric in exact arithmetic
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
  const entropy = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k % 64 === 0) throwIfAborted(opts?.signal, 'nmi');
    const bk = bins.subarray(k * len, (k + 1) * len);
    binIndices(stackSlice(stack, k), bk);
    entropy[k] = kernel.marginalEntropy(bk);
  }
  const progress = new ProgressReporter(opts, pairCount(n), 'nmi');
  let done = 0;
  for (let i = 0; i < n; i++) {
    const bi = bins.subarray(i * len, (i + 1) * len);
    for (let j = i; j < n; j++) {
      const v = (entropy[i] + entropy[j]) / kernel.jointEntropy(bi, bins.subarray(j * len, (j + 1) * len));
      matrix[i * n + j] = v;
      matrix[j * n + i] = v;
    }
    done += n - 1 - i;
    progress.update(done);
  }
  return matrix;
}
