/**
 * What a pool worker does with one task (pure; the browser and Node worker entries and the
 * in-thread runner all call runTask). Pair tasks keep the A slices' state and stream the B
 * slices; hash tasks hash their slices.
 */
import { dhashBits, dhashHex } from '../dhash/dhash.cpu';
import { pairKernel, type PairKernel } from './pairKernels';
import type { PoolReply, PoolTask } from './types';

/**
 * The last kernel used, kept for the next task of the same run (WebAssembly memory and tables are
 * made once); one at a time, so a worker (or the thread running tasks in place) holds one
 * kernel's memory at most.
 */
let cached: { key: string; kernel: PairKernel } | undefined;

/** Drops the cached kernel (sent between runs, so an idle worker holds no kernel memory). */
export function releaseKernel(): void {
  cached = undefined;
}

function kernelFor(task: PoolTask): PairKernel {
  const key = `${task.method}|${task.variant}|${task.rows}x${task.cols}`;
  if (cached?.key !== key) cached = { key, kernel: pairKernel(task.method as 'ssim' | 'nmi', task.variant, task.rows, task.cols) };
  return cached.kernel;
}

/** (a1 − a0) × (b1 − b0) scores, row-major; cells j < i of a diagonal block stay 0. */
function pairValues(task: PoolTask): { values: Float64Array; note?: string } {
  const { a0, a1, b0, b1, rows, cols } = task;
  const len = rows * cols;
  const k = kernelFor(task);
  const slice = (buf: Uint8Array, idx: number) => buf.subarray(idx * len, (idx + 1) * len);
  const aSlices = Array.from({ length: a1 - a0 }, (_, i) => slice(task.a, i));
  const aStates: unknown[] = [];
  const diagonal = b0 === a0;
  const width = b1 - b0;
  const values = new Float64Array((a1 - a0) * width);
  try {
    for (const x of aSlices) aStates.push(k.state(x));
    for (let j = b0; j < b1; j++) {
      const y = diagonal ? aSlices[j - a0] : slice(task.b, j - b0);
      const sy = diagonal ? aStates[j - a0] : k.state(y);
      try {
        for (let i = a0; i < Math.min(a1, j + 1); i++) {
          values[(i - a0) * width + (j - b0)] = k.pair(aSlices[i - a0], y, aStates[i - a0], sy);
        }
      } finally {
        if (!diagonal) k.release?.(sy);
      }
    }
  } finally {
    for (const s of aStates) k.release?.(s);
  }
  return { values, note: k.note };
}

export function runTask(task: PoolTask): PoolReply {
  try {
    if (task.method === 'hash') {
      const len = task.rows * task.cols;
      const hashes: string[] = [];
      for (let k = 0; k < task.a1 - task.a0; k++) hashes.push(dhashHex(dhashBits(task.a.subarray(k * len, (k + 1) * len), task.rows, task.cols)));
      return { type: 'result', taskId: task.taskId, hashes };
    }
    const { values, note } = pairValues(task);
    return { type: 'result', taskId: task.taskId, values, ...(note ? { note } : {}) };
  } catch (err) {
    return { type: 'error', taskId: task.taskId, message: err instanceof Error ? err.message : String(err) };
  }
}
