/**
 * WGSL program, SSIM step 1 per pair (a, b): the horizontal Gaussian pass of the product a·b,
 *   out[p, r, c] = Σ_k w_k · a[r, c + k] · b[r, c + k],   k = 0..10, c = 0..cols-11,
 * i.e. only the columns the cropped SSIM map needs (crop 5 = window radius 5, so no border
 * handling is ever needed). Every row is kept: the vertical pass (ssim_map_program.ts) reads ±5.
 * Inputs are float32 pixel values 0..255, so a·b ≤ 65025 is exact in f32.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch } from '../gpu.webgpu';
import { wgslTaps } from './ssimWgsl.webgpu';

export class SsimRowBlurProgram implements WebGPUProgram {
  /** [pairs, rows, cols - 10] float32. */
  outputShape: number[];
  /** x: resident slices [m, rows, cols] float32; pairs: [P, 2] int32 local slice indices. */
  variableNames = ['x', 'pairs'];
  /** One thread per output value. */
  workgroupSize: [number, number, number] = [64, 1, 1];
  dispatchLayout = { x: [0, 1, 2] };
  dispatch: [number, number, number];
  /** Adds `uniforms.size` (the output length). */
  size = true;
  shaderKey = 'ctsieve_ssim_row_blur';

  constructor(pairs: number, rows: number, cols: number) {
    this.outputShape = [pairs, rows, cols - 10];
    this.dispatch = flatDispatch(pairs * rows * (cols - 10), this.workgroupSize[0]);
  }

  getUserCode(): string {
    return `
      ${wgslTaps()}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          let a = pairs[coords.x * 2];
          let b = pairs[coords.x * 2 + 1];
          let rowA = (a * uniforms.xShape.y + coords.y) * uniforms.xShape.z + coords.z;
          let rowB = (b * uniforms.xShape.y + coords.y) * uniforms.xShape.z + coords.z;
          var s = 0.0;
          for (var k = 0; k < 11; k++) {
            s += TAPS[k] * x[rowA + k] * x[rowB + k];
          }
          result[index] = s;
        }
      }
    `;
  }
}
