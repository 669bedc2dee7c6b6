/**
 * WGSL program: one 'valid' pass of the 11-tap SSIM Gaussian along rows (axis 0) or columns
 * (axis 1) of a stack of images, optionally squaring the input first:
 *   axis 0: out[k, r, c] = Σ_t w_t · f(x[k, r + t, c]),   out is [m, rows − 10, cols]
 *   axis 1: out[k, r, c] = Σ_t w_t · f(x[k, r, c + t]),   out is [m, rows, cols − 10]
 * with f(v) = v or v². Two passes give the cropped μ = G∗x and G∗x² maps (axis 0 first, as
 * scipy.ndimage). tf.conv2d does the same but, with one channel and an 11×1 filter, ran ~30×
 * slower on SwiftShader than this direct loop.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch } from '../gpu.webgpu';
import { wgslTaps } from './ssimWgsl.webgpu';

export class ValidBlurProgram implements WebGPUProgram {
  /** [m, rows − 10, cols] (axis 0) or [m, rows, cols − 10] (axis 1), float32. */
  outputShape: number[];
  /** x: [m, rows, cols] float32. */
  variableNames = ['x'];
  /** One thread per output value. */
  workgroupSize: [number, number, number] = [64, 1, 1];
  dispatchLayout = { x: [0, 1, 2] };
  dispatch: [number, number, number];
  /** Adds `uniforms.size` (the output length). */
  size = true;
  shaderKey: string;

  constructor(
    shape: [number, number, number],
    private readonly axis: 0 | 1,
    private readonly square: boolean,
  ) {
    const [m, rows, cols] = shape;
    this.outputShape = axis === 0 ? [m, rows - 10, cols] : [m, rows, cols - 10];
    this.dispatch = flatDispatch(this.outputShape[0] * this.outputShape[1] * this.outputShape[2], this.workgroupSize[0]);
    this.shaderKey = `ctsieve_ssim_valid_blur_${axis}_${square}`;
  }

  getUserCode(): string {
    const step = this.axis === 0 ? 'uniforms.xShape.z' : '1';
    const value = this.square ? 'v * v' : 'v';
    return `
      ${wgslTaps()}
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          let start = (coords.x * uniforms.xShape.y + coords.y) * uniforms.xShape.z + coords.z;
          var s = 0.0;
          for (var t = 0; t < 11; t++) {
            let v = x[start + t * ${step}];
            s += TAPS[t] * ${value};
          }
          result[index] = s;
        }
      }
    `;
  }
}
