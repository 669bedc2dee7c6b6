/**
 * SSIM on WebGPU, same definition as ./ssim.cpu.ts. Because the map is cropped by the window
 * radius (5 px), every value it needs is a "valid" convolution: no border handling at all.
 *
 * Per resident slice: μ = G∗x and v = G∗x² − μ² on the cropped (rows−10)×(cols−10) grid, as
 * two 1-D 'valid' passes (ValidBlurProgram) and tf ops for the elementwise part. Per pair, only G∗(ab) is new: the horizontal pass as
 * SsimRowBlurProgram, then SsimMapSumProgram does the vertical pass, the SSIM formula and the
 * sum. Pairs i ≤ j only (the matrix is symmetric), tiled by ../tiling.webgpu.ts. float32 on the
 * GPU, means formed in float64: |error| ≲ 1e-6 against the float64 reference (tests allow 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import type { ComputeOptions, SliceStack } from '../types';
import type { KernelOutput } from '../registry';
import { activeWebgpuBackend, gatherSlices, runProgram, setSymmetric, TensorScope } from '../gpu.webgpu';
import { throwIfAborted } from '../../preprocess/progress';
import { DEFAULT_MEMORY_BUDGET_BYTES, planPairTiles, type SliceGroup } from '../tiling.webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { SSIM_RADIUS } from './gaussianWindow.cpu';
import { ValidBlurProgram } from './valid_blur_program';
import { SsimRowBlurProgram } from './ssim_row_blur_program';
import { SsimMapSumProgram } from './ssim_map_program';

interface SliceStats {
  x: tf.Tensor3D;
  mu: tf.Tensor3D;
  va: tf.Tensor3D;
}

/** Separable 'valid' Gaussian of x (or x²): rows first, then columns (./valid_blur_program.ts). */
function validBlur(backend: WebGPUBackend, x: tf.Tensor3D, square: boolean): tf.Tensor3D {
  const shape = x.shape;
  const down = runProgram(backend, new ValidBlurProgram(shape, 0, square), [x], 'float32');
  try {
    const s = down.shape as [number, number, number];
    return runProgram(backend, new ValidBlurProgram(s, 1, false), [down], 'float32') as tf.Tensor3D;
  } finally {
    down.dispose();
  }
}

/** Uploads a group's slices and computes their cropped μ and variance maps (v = G∗x² − μ²). */
function sliceStats(backend: WebGPUBackend, stack: SliceStack, group: SliceGroup, scope: TensorScope): SliceStats {
  const { rows, cols } = stack;
  const x = scope.keep(tf.tensor3d(Float32Array.from(gatherSlices(stack.pixels, rows * cols, group.slices)), [group.slices.length, rows, cols]));
  const mu = scope.keep(validBlur(backend, x, false));
  const ex2 = validBlur(backend, x, true);
  const va = scope.keep(tf.tidy(() => ex2.sub(mu.square())) as tf.Tensor3D);
  ex2.dispose();
  return { x, mu, va };
}

export async function ssimMatrixWebgpu(stack: SliceStack, opts: ComputeOptions): Promise<KernelOutput> {
  const backend = activeWebgpuBackend('ssim');
  const { n, rows, cols } = stack;
  const R = rows - 2 * SSIM_RADIUS;
  const C = cols - 2 * SSIM_RADIUS;
  const plan = planPairTiles({
    n,
    // x, one pass intermediate, G∗x², μ and v, in float32.
    bytesPerSlice: 4 * (2 * rows * cols + 3 * R * C),
    bytesPerPair: 4 * (rows * C + 1),
    budgetBytes: opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES,
    maxBufferBytes: backend.device.limits.maxStorageBufferBindingSize,
  });
  const matrix = new Float64Array(n * n);
  const scope = new TensorScope();
  let done = 0;
  try {
    for (const group of plan.groups) {
      throwIfAborted(opts.signal, 'ssim');
      const { x, mu, va } = sliceStats(backend, stack, group, scope);
      for (const chunk of group.chunks) {
        throwIfAborted(opts.signal, 'ssim');
        const P = chunk.length / 2;
        const pairs = scope.keep(tf.tensor2d(chunk, [P, 2], 'int32'));
        const rowBlur = scope.keep(runProgram(backend, new SsimRowBlurProgram(P, rows, cols), [x, pairs], 'float32'));
        const sums = scope.keep(runProgram(backend, new SsimMapSumProgram(P), [rowBlur, mu, va, pairs], 'float32'));
        const values = await sums.data();
        for (let q = 0; q < P; q++) {
          setSymmetric(matrix, n, group.slices[chunk[2 * q]], group.slices[chunk[2 * q + 1]], values[q] / (R * C));
        }
        scope.release(pairs, rowBlur, sums);
        done += P;
        opts.onProgress?.(done, plan.totalPairs);
      }
      scope.release(x, mu, va);
    }
  } finally {
    scope.dispose();
  }
  return { matrix };
}
