/**
 * Pair tiling for the WebGPU kernels. The n×n matrix is symmetric, so only pairs i ≤ j are
 * computed (the diagonal too, so a constant slice's self-score comes from the same code) and
 * mirrored. Slices are split into blocks of B; one "group" holds blocks I ≤ J resident on the GPU
 * (at most 2B slices) and runs their pairs in chunks whose per-pair scratch fits the budget:
 *
 *   2B · bytesPerSlice ≤ budget / 2,   chunkPairs · bytesPerPair ≤ budget / 2
 *
 * (each also capped by the device's largest storage buffer binding, and chunks by
 * DEFAULT_MAX_PAIRS_PER_CHUNK so progress and aborts come often). Every chunk lists its pairs
 * as local slice indices [a0, b0, a1, b1, …] into the group's resident slices.
 */

export { DEFAULT_GPU_TILE_BUDGET_BYTES } from '../runtime/memory';

/**
 * Pairs per dispatch unless the caller says otherwise: progress and the abort check come between
 * chunks, so a chunk should take well under a second (a real GPU does 256 pairs of 512² in
 * milliseconds; SwiftShader needs ~5–15 s).
 */
export const DEFAULT_MAX_PAIRS_PER_CHUNK = 256;

export interface TileSizes {
  n: number;
  /** Bytes the kernel keeps on the GPU per resident slice. */
  bytesPerSlice: number;
  /** Scratch bytes per pair in flight. */
  bytesPerPair: number;
  budgetBytes: number;
  /** Largest single buffer (device.limits.maxStorageBufferBindingSize). */
  maxBufferBytes: number;
  /** Largest pair count per dispatch; default DEFAULT_MAX_PAIRS_PER_CHUNK. */
  maxPairsPerChunk?: number;
}

export interface SliceGroup {
  /** Global indices of the slices resident for this group, ascending. */
  slices: number[];
  /** Pair chunks as local index pairs [a0, b0, a1, b1, …] into `slices`. */
  chunks: Int32Array[];
}

export interface TilePlan {
  blockSize: number;
  pairsPerChunk: number;
  groups: SliceGroup[];
  /** Pairs i ≤ j: n(n+1)/2. */
  totalPairs: number;
}

export function planPairTiles(s: TileSizes): TilePlan {
  const half = s.budgetBytes / 2;
  const sliceCap = Math.min(half, s.maxBufferBytes);
  const blockSize = Math.max(1, Math.min(s.n, Math.floor(sliceCap / (2 * s.bytesPerSlice))));
  const pairCap = Math.min(half, s.maxBufferBytes) / s.bytesPerPair;
  const pairsPerChunk = Math.max(1, Math.min(Math.floor(pairCap), s.maxPairsPerChunk ?? DEFAULT_MAX_PAIRS_PER_CHUNK));
  const groups: SliceGroup[] = [];
  for (let bi = 0; bi < s.n; bi += blockSize) {
    for (let bj = bi; bj < s.n; bj += blockSize) {
      groups.push(makeGroup(bi, Math.min(bi + blockSize, s.n), bj, Math.min(bj + blockSize, s.n), pairsPerChunk));
    }
  }
  return { blockSize, pairsPerChunk, groups, totalPairs: (s.n * (s.n + 1)) / 2 };
}

function makeGroup(i0: number, i1: number, j0: number, j1: number, pairsPerChunk: number): SliceGroup {
  const slices: number[] = [];
  for (let i = i0; i < i1; i++) slices.push(i);
  const jOffset = slices.length;
  if (j0 !== i0) for (let j = j0; j < j1; j++) slices.push(j);
  const local: number[] = [];
  for (let i = i0; i < i1; i++) {
    for (let j = Math.max(i, j0); j < j1; j++) local.push(i - i0, j0 === i0 ? j - i0 : jOffset + j - j0);
  }
  const chunks: Int32Array[] = [];
  for (let k = 0; k < local.length; k += 2 * pairsPerChunk) chunks.push(Int32Array.from(local.slice(k, k + 2 * pairsPerChunk)));
  return { slices, chunks };
}
