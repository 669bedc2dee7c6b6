/**
 * numpy.histogramdd's bin index of every pixel of one 8-bit image, with `bins` equal-width bins
 * spanning that image's own [lo, hi] (numpy 1.24):
 *   lo == hi  →  lo − 0.5 .. hi + 0.5 (_get_outer_edges)
 *   edge_k = k · ((hi − lo) / bins) + lo for k < bins, edge_bins = hi (np.linspace)
 *   index = searchsorted(edges, v, 'right') − 1, and v == hi goes into the last bin.
 * 8-bit pixels have only 256 values, so the index comes from a 256-entry lookup table built with
 * exactly these float64 edges.
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
