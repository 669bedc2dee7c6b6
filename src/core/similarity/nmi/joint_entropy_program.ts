/**
 * WGSL program, NMI per pair (a, b): S = Σ c·ln c over the 100×100 joint histogram of the two
 * slices' bin indices (precomputed exactly on the host, ./nmiBins.webgpu.ts, 4 per 32-bit word).
 *
 * One workgroup per pair counts with atomicAdd in workgroup memory. 100×100 u32 counters (40 KB)
 * exceed WebGPU's guaranteed 16 KB, so the histogram is built in bands of `bandRows` rows of a's
 * bins (as many as the device's workgroup storage allows): each band re-reads the pixels, counts
 * those whose a-bin falls in the band, then adds c·ln c of its counters to a per-thread f32 sum.
 * A tree reduction gives S; the host forms H(a,b) = ln N − S/N in float64.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { WORKGROUP_LINEAR_INDEX, workgroupSumWgsl } from '../gpu.webgpu';
import { NMI_BINS } from './nmiBins';

const WG = 64;

/** Rows of a's bins per band so that the band's counters and the reduction fit `storageBytes`. */
export function bandRowsFor(storageBytes: number): number {
  return Math.max(1, Math.min(NMI_BINS, Math.floor((storageBytes - 4 * WG) / (4 * NMI_BINS))));
}

export class JointEntropyProgram implements WebGPUProgram {
  /** [pairs] float32: S = Σ c·ln c of each pair's joint histogram. */
  outputShape: number[];
  /** bins: [m, words] int32 (4 bin bytes per word, little-endian); pairs: [P, 2] int32. */
  variableNames = ['bins', 'pairs'];
  /** Pixels per slice (the last word may be padding). */
  uniforms = 'numPixels : i32,';
  /** One workgroup of 64 threads per pair (256 ran 5–9× slower on SwiftShader; 64 suits real GPUs too). */
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  shaderKey: string;

  constructor(
    pairs: number,
    private readonly bandRows: number,
  ) {
    this.outputShape = [pairs];
    this.dispatch = [pairs, 1, 1];
    this.shaderKey = `ctsieve_nmi_joint_entropy_${bandRows}`;
  }

  getUserCode(): string {
    const band = this.bandRows * NMI_BINS;
    return `
      var<workgroup> hist : array<atomic<u32>, ${band}>;
      var<workgroup> partial : array<f32, ${WG}>;
      fn main(index : i32) {
        let p = ${WORKGROUP_LINEAR_INDEX};
        let valid = p < uniforms.pairsShape.x;
        var a = 0;
        var b = 0;
        if (valid) {
          a = pairs[p * 2];
          b = pairs[p * 2 + 1];
        }
        let words = uniforms.binsShape.y;
        var acc = 0.0;
        for (var x0 = 0; x0 < ${NMI_BINS}; x0 += ${this.bandRows}) {
          for (var t = i32(localIndex); t < ${band}; t += ${WG}) {
            atomicStore(&hist[t], 0u);
          }
          workgroupBarrier();
          if (valid) {
            for (var w = i32(localIndex); w < words; w += ${WG}) {
              let wa = bitcast<u32>(bins[a * words + w]);
              let wb = bitcast<u32>(bins[b * words + w]);
              for (var q = 0u; q < 4u; q++) {
                if (w * 4 + i32(q) < uniforms.numPixels) {
                  let bx = i32(extractBits(wa, q * 8u, 8u)) - x0;
                  let by = i32(extractBits(wb, q * 8u, 8u));
                  if (bx >= 0 && bx < ${this.bandRows}) {
                    atomicAdd(&hist[bx * ${NMI_BINS} + by], 1u);
                  }
                }
              }
            }
          }
          workgroupBarrier();
          for (var t = i32(localIndex); t < ${band}; t += ${WG}) {
            let c = f32(atomicLoad(&hist[t]));
            if (c > 1.0) {
              acc += c * log(c);
            }
          }
          workgroupBarrier();
        }
        ${workgroupSumWgsl(WG)}
        if (localIndex == 0u && valid) {
          result[p] = partial[0];
        }
      }
    `;
  }
}
