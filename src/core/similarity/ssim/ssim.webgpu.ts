/**
 * SSIM on WebGPU, same definition as ./ssim.cpu.ts. Because the map is cropped by the window
 * radius (5 px), every value it needs is a "valid" convolution: no border handling at all.
 *
 * Per resident slice: μ = G∗x and v = G∗x² − μ² on the cropped (rows−10)×(cols−10) grid, as
 * two 1-D 'valid' passes (ValidBlurProgram) and tf ops for the elementwise part. Per pair, only G∗(ab) is new:
 * SsimTileProgram blurs a·b in workgroup-memory tiles and sums the SSIM map per tile; a tf sum
 * over the tiles gives the pair's ΣS. Pairs i ≤ j only (the matrix is symmetric), tiled by ../tiling.webgpu.ts. float32 on the
 * GPU, means formed in float64: |error| ≲ 1e-6 against the float64 reference (tests allow 1e-4).
 */
import * as tf from '@tensorflow/tfjs';
import type { ComputeOptions, SliceStack } from '../types';
import type { KernelOutput } from '../registry';
import { activeWebgpuBackend, gatherSlices, runPairTiles, runProgram, TensorScope } from '../gpu.webgpu';
import { DEFAULT_GPU_TILE_BUDGET_BYTES, planPairTiles, type SliceGroup } from '../tiling.webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { SSIM_RADIUS } from './gaussianWindow.cpu';
import { ValidBlurProgram } from './valid_blur_program';
import { SsimTileProgram, ssimTilesPerPair } from './ssim_tile_program';

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
  const tiles = ssimTilesPerPair(R, C);
  const plan = planPairTiles({
    n,
    // x, one pass intermediate, G∗x², μ and v, in float32.
    bytesPerSlice: 4 * (2 * rows * cols + 3 * R * C),
    // per-tile sums and the pair's total.
    bytesPerPair: 4 * (tiles + 1),
    budgetBytes: opts.memoryBudgetBytes ?? DEFAULT_GPU_TILE_BUDGET_BYTES,
    maxBufferBytes: backend.device.limits.maxStorageBufferBindingSize,
  });
  const matrix = await runPairTiles('ssim', n, plan, opts, {
    upload: (group, scope) => {
      const { x, mu, va } = sliceStats(backend, stack, group, scope);
      return [x, mu, va];
    },
    score: ([x, mu, va], pairs, P, scope) => {
      const tileSums = scope.keep(runProgram(backend, new SsimTileProgram(P, tiles), [x, mu, va, pairs], 'float32'));
      return [tileSums, scope.keep(tf.sum(tileSums, 1))];
    },
    value: (_i, _j, raw) => raw / (R * C),
  });
  return { matrix };
}
