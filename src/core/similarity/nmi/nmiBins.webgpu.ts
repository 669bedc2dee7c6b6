/**
 * Host-side preparation for the WebGPU NMI kernel: each slice's bin indices (exactly the CPU
 * reference's numpy.histogramdd semantics, ./nmiBins.cpu.ts) and its marginal entropy, in
 * float64. The marginals of a pair's joint histogram are the two slices' own histograms, so only
 * the joint entropy is per pair (on the GPU).
 *
 *   H = ln N − (1/N) Σ c·ln c   (natural logs; c = bin counts, N = pixels)
 */
import { binIndices, NMI_BINS } from './nmiBins.cpu';

export { NMI_BINS };

/** Σ c·ln c over the counts (0·ln 0 = 1·ln 1 = 0). */
export function sumCLogC(counts: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 1) s += counts[i] * Math.log(counts[i]);
  return s;
}

/** Entropy (nats) of a histogram of N samples given Σ c·ln c. */
export function entropyFromSum(sumCLnC: number, N: number): number {
  return Math.log(N) - sumCLnC / N;
}

export interface SliceBins {
  /** Bin index per pixel, one byte each, slice-major; each slice padded to a multiple of 4 bytes. */
  packed: Uint8Array;
  /** Bytes (= bins) per padded slice. */
  stride: number;
  /** Marginal entropy per slice. */
  entropy: Float64Array;
}

/** Bin indices and entropies of every slice of an 8-bit stack. */
export function sliceBins(pixels: Uint8Array, n: number, sliceLength: number): SliceBins {
  const stride = Math.ceil(sliceLength / 4) * 4;
  const packed = new Uint8Array(n * stride);
  const entropy = new Float64Array(n);
  const counts = new Float64Array(NMI_BINS);
  for (let k = 0; k < n; k++) {
    const bins = packed.subarray(k * stride, k * stride + sliceLength);
    binIndices(pixels.subarray(k * sliceLength, (k + 1) * sliceLength), bins);
    counts.fill(0);
    for (let i = 0; i < bins.length; i++) counts[bins[i]]++;
    // A constant slice (one occupied bin) has entropy exactly 0; the formula leaves ~1e-16.
    entropy[k] = counts.filter((c) => c > 0).length === 1 ? 0 : entropyFromSum(sumCLogC(counts), sliceLength);
  }
  return { packed, stride, entropy };
}
