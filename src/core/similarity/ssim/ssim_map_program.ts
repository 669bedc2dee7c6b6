/**
 * WGSL program, SSIM step 2: one workgroup per pair (a, b) finishes the vertical Gaussian pass of
 * a·b at every pixel of the cropped map, forms
 *   vxy = G∗(ab) − μa·μb,
 *   S   = ((2μaμb + C1)(2vxy + C2)) / ((μa² + μb² + C1)(va + vb + C2)),
 * and sums S over the map: per-thread f32 partial sums (≈ R·C/64 terms each), then a tree
 * reduction in workgroup memory. The host divides by R·C in float64.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { WORKGROUP_LINEAR_INDEX, workgroupSumWgsl } from '../gpu.webgpu';
import { SSIM_C1, SSIM_C2 } from './ssim.cpu';
import { wgslTaps } from './ssimWgsl.webgpu';

const WG = 64;

export class SsimMapSumProgram implements WebGPUProgram {
  /** [pairs] float32: Σ of the SSIM map of each pair. */
  outputShape: number[];
  /** rowBlur [P, rows, C]; mu, va: per resident slice [m, R, C] (R = rows-10, C = cols-10); pairs [P, 2]. */
  variableNames = ['rowBlur', 'mu', 'va', 'pairs'];
  /** One workgroup of 64 threads per pair (256 ran 5–9× slower on SwiftShader; 64 suits real GPUs too). */
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  shaderKey = 'ctsieve_ssim_map_sum';

  constructor(pairs: number) {
    this.outputShape = [pairs];
    this.dispatch = [pairs, 1, 1];
  }

  getUserCode(): string {
    return `
      ${wgslTaps()}
      var<workgroup> partial : array<f32, ${WG}>;
      fn main(index : i32) {
        let p = ${WORKGROUP_LINEAR_INDEX};
        let R = uniforms.muShape.y;
        let C = uniforms.muShape.z;
        let rows = uniforms.rowBlurShape.y;
        var acc = 0.0;
        if (p < uniforms.pairsShape.x) {
          let a = pairs[p * 2];
          let b = pairs[p * 2 + 1];
          for (var t = i32(localIndex); t < R * C; t += ${WG}) {
            let r = t / C;
            let c = t - r * C;
            let base = (p * rows + r) * C + c;
            var sab = 0.0;
            for (var k = 0; k < 11; k++) {
              sab += TAPS[k] * rowBlur[base + k * C];
            }
            let ma = mu[(a * R + r) * C + c];
            let mb = mu[(b * R + r) * C + c];
            let vab = sab - ma * mb;
            let num = (2.0 * ma * mb + ${SSIM_C1.toFixed(6)}) * (2.0 * vab + ${SSIM_C2.toFixed(6)});
            let den = (ma * ma + mb * mb + ${SSIM_C1.toFixed(6)}) * (va[(a * R + r) * C + c] + va[(b * R + r) * C + c] + ${SSIM_C2.toFixed(6)});
            acc += num / den;
          }
        }
        ${workgroupSumWgsl(WG)}
        if (localIndex == 0u && p < uniforms.pairsShape.x) {
          result[p] = partial[0];
        }
      }
    `;
  }
}
