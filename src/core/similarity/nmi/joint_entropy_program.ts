/**
 * WGSL program, NMI per pair (a, b) and band: S = Σ c·ln c over the 100×100 joint histogram of the
 * two slices' bin indices (precomputed exactly on the host, ./nmiBins.ts, 4 per 32-bit word).
 *
 * 100×100 u32 counters (40 KB) exceed WebGPU's guaranteed 16 KB of workgroup storage, so the
 * histogram is split into bands of `bandRows` rows of a's bins (as many as the device's workgroup
 * storage allows) and one workgroup owns one (pair, band): it reads the pair's pixels once, counts
 * those whose a-bin falls in its band with atomicAdd in workgroup memory, and writes Σ c·ln c of
 * its counters (per-thread f32 sums, then a tree reduction). Bands partition the cells, so the
 * pair's S is the sum over its bands (tf.sum on the GPU). A dispatch is pairs × bands workgroups
 * (768 for 256 pairs at 16 KB). Each thread merges runs of pixels that fall into the same cell
 * (CT background: long runs of bin 0) into one atomicAdd, so equal pixels do not queue on one
 * counter; the counts, and so the result, are unchanged. The host forms H(a,b) = ln N − S/N in float64.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { WORKGROUP_LINEAR_INDEX, workgroupSumWgsl } from '../gpu.webgpu';
import { NMI_BINS } from './nmiBins';

const WG = 64;

/** Rows of a's bins per band so that the band's counters and the reduction fit `storageBytes`. */
export function bandRowsFor(storageBytes: number): number {
  return Math.max(1, Math.min(NMI_BINS, Math.floor((storageBytes - 4 * WG) / (4 * NMI_BINS))));
}

/** Bands of `bandRows` rows that cover a's 100 bins. */
export function bandCount(bandRows: number): number {
  return Math.ceil(NMI_BINS / bandRows);
}

export class JointEntropyProgram implements WebGPUProgram {
  /** [pairs, bands] float32: Σ c·ln c over each band of each pair's joint histogram. */
  outputShape: number[];
  /** bins: [m, words] int32 (4 bin bytes per word, little-endian); pairs: [P, 2] int32. */
  variableNames = ['bins', 'pairs'];
  /** Pixels per slice (the last word may be padding). */
  uniforms = 'numPixels : i32,';
  /** One workgroup of 64 threads per pair (256 ran 5–9× slower on SwiftShader; 64 suits real GPUs too). */
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  /** One workgroup per (pair, band); tfjs reshapes long dispatches, hence WORKGROUP_LINEAR_INDEX. */
  dispatch: [number, number, number];
  shaderKey: string;

  constructor(
    pairs: number,
    private readonly bandRows: number,
  ) {
    const bands = bandCount(bandRows);
    this.outputShape = [pairs, bands];
    this.dispatch = [pairs * bands, 1, 1];
    this.shaderKey = `ctsieve_nmi_joint_entropy_${bandRows}`;
  }

  getUserCode(): string {
    const band = this.bandRows * NMI_BINS;
    return `
      var<workgroup> hist : array<atomic<u32>, ${band}>;
      var<workgroup> partial : array<f32, ${WG}>;
      fn main(index : i32) {
        let g = ${WORKGROUP_LINEAR_INDEX};
        let bands = uniforms.outShape.y;
        let p = g / bands;
        let x0 = (g - p * bands) * ${this.bandRows};
        let valid = p < uniforms.pairsShape.x;
        var a = 0;
        var b = 0;
        if (valid) {
          a = pairs[p * 2];
          b = pairs[p * 2 + 1];
        }
        let words = uniforms.binsShape.y;
        for (var t = i32(localIndex); t < ${band}; t += ${WG}) {
          atomicStore(&hist[t], 0u);
        }
        workgroupBarrier();
        if (valid) {
          var last = -1;
          var run = 0u;
          for (var w = i32(localIndex); w < words; w += ${WG}) {
            let wa = bitcast<u32>(bins[a * words + w]);
            let wb = bitcast<u32>(bins[b * words + w]);
            for (var q = 0u; q < 4u; q++) {
              let bx = i32(extractBits(wa, q * 8u, 8u)) - x0;
              if (w * 4 + i32(q) < uniforms.numPixels && bx >= 0 && bx < ${this.bandRows}) {
                let cell = bx * ${NMI_BINS} + i32(extractBits(wb, q * 8u, 8u));
                if (cell == last) {
                  run++;
                } else {
                  if (run > 0u) {
                    atomicAdd(&hist[last], run);
                  }
                  last = cell;
                  run = 1u;
                }
              }
            }
          }
          if (run > 0u) {
            atomicAdd(&hist[last], run);
          }
        }
        workgroupBarrier();
        var acc = 0.0;
        for (var t = i32(localIndex); t < ${band}; t += ${WG}) {
          let c = f32(atomicLoad(&hist[t]));
          if (c > 1.0) {
            acc += c * log(c);
          }
        }
        ${workgroupSumWgsl(WG)}
        if (localIndex == 0u && valid) {
          result[g] = partial[0];
        }
      }
    `;
  }
}
