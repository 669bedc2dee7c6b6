/**
 * HASH on WebGPU. The dHash of each slice stays on the CPU reference (Pillow's fixed-point LANCZOS
 * must be bit-exact and costs microseconds per slice); the n×n Hamming matrix runs as a WGSL
 * popcount program (./hamming_program.ts), in row tiles of at most `memoryBudgetBytes` of output.
 */
import * as tf from '@tensorflow/tfjs';
import type { ComputeOptions, SliceStack } from '../types';
import type { KernelOutput } from '../registry';
import { dhashBits, dhashHex, packHash } from './dhash.cpu';
import { activeWebgpuBackend, runProgram, TensorScope } from '../gpu.webgpu';
import { throwIfAborted } from '../../runtime/abort';
import { DEFAULT_GPU_TILE_BUDGET_BYTES } from '../tiling.webgpu';
import { HammingProgram } from './hamming_program';

/** dHash hex strings and their [hi, lo] words as int32 bit patterns, [n, 2] row-major. */
export function hashWords(stack: SliceStack): { hashes: string[]; words: Int32Array } {
  const len = stack.rows * stack.cols;
  const hashes: string[] = [];
  const words = new Int32Array(2 * stack.n);
  for (let k = 0; k < stack.n; k++) {
    const bits = dhashBits(stack.pixels.subarray(k * len, (k + 1) * len), stack.rows, stack.cols);
    hashes.push(dhashHex(bits));
    const [hi, lo] = packHash(bits);
    words[2 * k] = hi | 0;
    words[2 * k + 1] = lo | 0;
  }
  return { hashes, words };
}

export async function hashMatrixWebgpu(stack: SliceStack, opts: ComputeOptions): Promise<KernelOutput> {
  const backend = activeWebgpuBackend('hash');
  const { n } = stack;
  const { hashes, words } = hashWords(stack);
  const maxBuffer = backend.device.limits.maxStorageBufferBindingSize;
  const budget = Math.min(opts.memoryBudgetBytes ?? DEFAULT_GPU_TILE_BUDGET_BYTES, maxBuffer);
  const rowsPerTile = Math.max(1, Math.min(n, Math.floor(budget / (4 * n))));
  const matrix = new Float64Array(n * n);
  const scope = new TensorScope();
  try {
    const hashesT = scope.keep(tf.tensor2d(words, [n, 2], 'int32'));
    for (let rowStart = 0; rowStart < n; rowStart += rowsPerTile) {
      throwIfAborted(opts.signal, 'hash');
      const rows = Math.min(rowsPerTile, n - rowStart);
      const out = scope.keep(runProgram(backend, new HammingProgram(rows, n), [hashesT], 'int32', [{ type: 'int32', data: [rowStart] }]));
      matrix.set(await out.data(), rowStart * n);
      scope.release(out);
      opts.onProgress?.((rowStart + rows) * n, n * n);
    }
  } finally {
    scope.dispose();
  }
  return { matrix, hashes };
}
