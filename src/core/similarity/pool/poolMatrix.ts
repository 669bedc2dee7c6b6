/**
 * The n×n matrix of HASH, SSIM or NMI computed by pool tasks (./partition.ts) on the configured
 * workers (./config.ts), with one progress (pairs i < j done) and one cancel for all of them.
 * Memory: the matrix, plus per worker one task's pixels and its A slices' state (bounded by
 * `memoryBudgetBytes`, default 96 MiB per worker: 24 slices of 512²).
 */
import type { ComputeOptions, SliceStack } from '../types';
import { hammingMatrixCpu } from '../dhash/dhash.cpu';
import { pairCount } from '../../runtime/progress';
import { poolFor } from './config';
import { spawnInThread } from './inThread';
import { blockPairCount, pairBlocks, sliceChunks, stateBytesPerSlice, type PairBlock } from './partition';
import { runPool } from './runPool';
import type { KernelVariant, PoolMethod, PoolTask } from './types';

export const POOL_STATE_BUDGET_BYTES = 96 * 2 ** 20;

export interface PoolOptions extends Pick<ComputeOptions, 'onProgress' | 'signal' | 'memoryBudgetBytes'> {
  /** Worker count for this run (default: the configured pool's). */
  threads?: number;
}

export interface PoolMatrixResult {
  matrix: Float64Array;
  hashes?: string[];
  threads: number;
  /** Set when a worker ran another variant than asked (no WebAssembly SIMD there). */
  note?: string;
}

/**
 * Slices [from, to) for a task: a copy with its own buffer, so it can be transferred to a worker;
 * a view when every task runs in this thread (nothing is transferred: a HASH run on one thread
 * no longer copies the whole 8-bit stack, 150 MiB for 600 × 512²).
 */
function copySlices(stack: SliceStack, from: number, to: number, inThread = false): Uint8Array {
  const len = stack.rows * stack.cols;
  return inThread ? stack.pixels.subarray(from * len, to * len) : stack.pixels.slice(from * len, to * len);
}

function pairTask(stack: SliceStack, method: PoolMethod, variant: KernelVariant, block: PairBlock, taskId: number): PoolTask {
  const { a0, a1, b0, b1 } = block;
  const b = b0 === a0 ? new Uint8Array(0) : copySlices(stack, b0, b1);
  return { taskId, method, variant, rows: stack.rows, cols: stack.cols, a0, a1, b0, b1, a: copySlices(stack, a0, a1), b };
}

async function hashOnPool(stack: SliceStack, opts: PoolOptions, threads: number): Promise<PoolMatrixResult> {
  const pool = poolFor(threads);
  const chunks = sliceChunks(stack.n, pool.threads);
  const hashes = new Array<string>(stack.n);
  const inThread = pool.spawn === spawnInThread;
  await runPool(chunks.length, (k) => {
    const [a0, a1] = chunks[k];
    return { taskId: k, method: 'hash', variant: 'reference', rows: stack.rows, cols: stack.cols, a0, a1, b0: a0, b1: a1, a: copySlices(stack, a0, a1, inThread), b: new Uint8Array(0) };
  }, (reply) => {
    const [a0] = chunks[reply.taskId];
    reply.hashes?.forEach((h, i) => { hashes[a0 + i] = h; });
  }, { ...pool, signal: opts.signal, what: 'hash' });
  return { matrix: hammingMatrixCpu(hashes, opts), hashes, threads: pool.threads };
}

/** The score matrix of `stack` under `method`, computed on the pool. */
export async function poolMatrix(stack: SliceStack, method: PoolMethod, variant: KernelVariant, opts: PoolOptions = {}): Promise<PoolMatrixResult> {
  if (method === 'hash') return hashOnPool(stack, opts, opts.threads ?? poolFor().threads);
  const pool = poolFor(opts.threads);
  const { n } = stack;
  const bytesPerSlice = stateBytesPerSlice(method, stack.rows, stack.cols);
  // NMI's per-slice state (binning) costs about two of its SIMD pairs: larger blocks amortise it.
  const minBlock = method === 'nmi' && variant === 'simd' ? 16 : 8;
  const blocks = pairBlocks(n, { threads: pool.threads, stateBudgetBytes: opts.memoryBudgetBytes ?? POOL_STATE_BUDGET_BYTES, bytesPerSlice, minBlock });
  const matrix = new Float64Array(n * n);
  const total = pairCount(n);
  let done = 0;
  let note: string | undefined;
  await runPool(blocks.length, (k) => pairTask(stack, method, variant, blocks[k], k), (reply) => {
    const { a0, a1, b0, b1 } = blocks[reply.taskId];
    const values = reply.values;
    if (!values || values.length !== (a1 - a0) * (b1 - b0)) throw new Error(`${method}: a pool worker returned a malformed block`);
    const width = b1 - b0;
    for (let i = a0; i < a1; i++) {
      for (let j = Math.max(i, b0); j < b1; j++) {
        const v = values[(i - a0) * width + (j - b0)];
        matrix[i * n + j] = v;
        matrix[j * n + i] = v;
      }
    }
    note ??= reply.note;
    done += blockPairCount(blocks[reply.taskId]);
    opts.onProgress?.(done, total);
  }, { ...pool, signal: opts.signal, what: method });
  if (total === 0) opts.onProgress?.(0, 0);
  return { matrix, threads: pool.threads, ...(note ? { note } : {}) };
}
