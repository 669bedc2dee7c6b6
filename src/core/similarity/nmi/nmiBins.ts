/**
 * numpy.histogramdd's bin index of every pixel of one 8-bit image, with `bins` equal-width bins
 * spanning that image's own [lo, hi] (numpy 1.24):
 *   lo == hi  →  lo − 0.5 .. hi + 0.5 (_get_outer_edges)
 *   edge_k = k · ((hi − lo) / bins) + lo for k < bins, edge_bins = hi (np.linspace)
 *   index = searchsorted(edges, v, 'right') − 1, and v == hi goes into the last bin.
 * 8-bit pixels have only 256 values, so the index comes from a 256-entry lookup table built with
 * exactly these float64 edges. Shared by the CPU reference (nmi.cpu.ts) and the WebGPU kernel's
 * host-side preparation (sliceBins, below): one definition of the bins for both.
 */
export const NMI_BINS = 100;

/** Bin edges of np.histogramdd for values spanning [min, max]. */
export function histogramEdges(min: number, max: number, bins = NMI_BINS): Float64Array {
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k < bins; k++) edges[k] = k * step + lo;
  edges[bins] = hi;
  return edges;
}

/** Bin index of value v (searchsorted 'right' − 1; the right edge is closed). */
function binOf(v: number, edges: Float64Array): number {
  const bins = edges.length - 1;
  if (v === edges[bins]) return bins - 1;
  let k = 0; // number of edges <= v, minus one
  while (k + 1 <= bins && edges[k + 1] <= v) k++;
  return k;
}

/** The bin index of every 8-bit value in [min, max] of an image spanning exactly that range. */
export function binLookupTable(min: number, max: number, bins = NMI_BINS): Uint8Array {
  const edges = histogramEdges(min, max, bins);
  const lut = new Uint8Array(256);
  for (let v = min; v <= max; v++) lut[v] = binOf(v, edges);
  return lut;
}

/** Per-pixel bin indices (0..bins-1) of an 8-bit image, into `out`. */
export function binIndices(pixels: Uint8Array, out: Uint8Array, bins = NMI_BINS): void {
  let min = 255;
  let max = 0;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const lut = binLookupTable(min, max, bins);
  for (let i = 0; i < pixels.length; i++) out[i] = lut[pixels[i]];
}

/**
 * (H(A) + H(B)) / H(A, B); 2 when both images are constant (all three entropies 0): the value of
 * identical images instead of scikit-image's 0/0 NaN (see nmi.cpu.ts). Shared by every backend.
 */
export function nmiFromEntropies(ha: number, hb: number, hab: number): number {
  return hab === 0 && ha === 0 && hb === 0 ? 2 : (ha + hb) / hab;
}

// Host-side preparation for the WebGPU kernel (plain TypeScript, run on the CPU before upload):
// each slice's bin indices and its marginal entropy in float64. The marginals of a pair's joint
// histogram are the two slices' own histograms, so only the joint entropy is per pair (on the GPU).
//   H = ln N − (1/N) Σ c·ln c   (natural logs; c = bin counts, N = pixels)

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
