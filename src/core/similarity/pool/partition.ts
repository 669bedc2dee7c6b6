/**
 * Splitting an n×n score matrix into pool tasks.
 *
 * The upper triangle (i ≤ j) is cut into blocks A = [a0, a1) × B = [b0, b1), b0 ≥ a0. A task keeps
 * the per-slice state (SSIM's μ and variance maps, NMI's bin indices) of its A slices and streams
 * its B slices one by one, so a task's memory is `blockA` slices' state plus one. Per-slice state is
 * recomputed by each task that needs it: about 2/blockA + 2/blockB of the pair work for SSIM.
 * Every pair is computed by the same function of the same inputs wherever it lands, so the
 * matrix does not depend on the partition or the thread count.
 */
import type { PoolMethod } from './types';

export interface PairBlock {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** Bytes of per-slice state a task holds for each A slice. */
export function stateBytesPerSlice(method: PoolMethod, rows: number, cols: number): number {
  if (method !== 'ssim') return rows * cols; // NMI: one bin index per pixel
  const area = Math.max(1, rows - 10) * Math.max(1, cols - 10);
  return 2 * area * 8; // μ and variance over the cropped interior, float64
}

export interface PartitionOptions {
  threads: number;
  /** Per-task budget for A-slice state, in bytes. */
  stateBudgetBytes: number;
  bytesPerSlice: number;
  /** Smallest block worth a task (default 8 slices). */
  minBlock?: number;
}

/** Block pairs covering i ≤ j for n slices, enough of them to keep every thread busy. */
export function pairBlocks(n: number, opts: PartitionOptions): PairBlock[] {
  if (n === 0) return [];
  const byMemory = Math.max(1, Math.floor(opts.stateBudgetBytes / opts.bytesPerSlice));
  // About 4 tasks per thread for balance (B blocks give B(B+1)/2 tasks), but blocks of 8 to 64
  // slices: per-slice state costs about one pair (NMI) or two (SSIM), recomputed per task.
  const wantBlocks = Math.ceil(Math.sqrt(8 * Math.max(1, opts.threads)));
  const block = Math.max(1, Math.min(byMemory, 64, Math.max(opts.minBlock ?? 8, Math.ceil(n / wantBlocks))));
  const out: PairBlock[] = [];
  for (let a0 = 0; a0 < n; a0 += block) {
    const a1 = Math.min(n, a0 + block);
    for (let b0 = a0; b0 < n; b0 += block) out.push({ a0, a1, b0, b1: Math.min(n, b0 + block) });
  }
  return out;
}

/** Slice ranges for per-slice work (HASH): about 4 per thread, each at least one slice. */
export function sliceChunks(n: number, threads: number): Array<[number, number]> {
  const size = Math.max(1, Math.ceil(n / (4 * Math.max(1, threads))));
  const out: Array<[number, number]> = [];
  for (let k = 0; k < n; k += size) out.push([k, Math.min(n, k + size)]);
  return out;
}

/** Pairs i < j inside one block (what progress counts). */
export function blockPairCount({ a0, a1, b0, b1 }: PairBlock): number {
  let count = 0;
  for (let i = a0; i < a1; i++) count += Math.max(0, b1 - Math.max(b0, i + 1));
  return count;
}
