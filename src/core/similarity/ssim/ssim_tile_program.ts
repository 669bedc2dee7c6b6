/**
 * WGSL program, SSIM per pair (a, b) and map tile: one workgroup owns a TILE×TILE block of the
 * cropped SSIM map of one pair. It loads the block's a·b plus the 5-px halo ((TILE+10)² values)
 * into workgroup memory once, blurs it horizontally then vertically there (f32, the 11 taps
 * unrolled as literals), forms
 *   vxy = G∗(ab) − μa·μb,
 *   S   = ((2μaμb + C1)(2vxy + C2)) / ((μa² + μb² + C1)(va + vb + C2)),
 * and writes the tile's ΣS (per-thread f32 partial sums, then a tree reduction in workgroup
 * memory). No per-pair intermediate goes to global memory, and a dispatch holds pairs × tiles
 * workgroups (256 pairs of 512² = 65,536), which is what fills a real GPU. The map is cropped by the
 * window radius, so every blur is a 'valid' one; halo values past the image only feed outputs
 * outside the map, which are skipped.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { WORKGROUP_LINEAR_INDEX, workgroupSumWgsl } from '../gpu.webgpu';
import { SSIM_C1, SSIM_C2 } from './ssim.cpu';
import { wgslTapSum } from './ssimWgsl.webgpu';

const WG = 64;
/** Map tile side: (32+10)² + 42·32 f32 = 12.4 KB of workgroup memory, under WebGPU's guaranteed 16 KB. */
export const SSIM_TILE = 32;
const HALO = SSIM_TILE + 10;

/** Tiles of the cropped R×C map. */
export function ssimTilesPerPair(R: number, C: number): number {
  return Math.ceil(R / SSIM_TILE) * Math.ceil(C / SSIM_TILE);
}

export class SsimTileProgram implements WebGPUProgram {
  /** [pairs, tiles] float32: ΣS over each tile of each pair's map. */
  outputShape: number[];
  /** x: resident slices [m, rows, cols]; mu, va: [m, R, C] (R = rows−10, C = cols−10); pairs [P, 2] int32. */
  variableNames = ['x', 'mu', 'va', 'pairs'];
  /** 64 threads per workgroup (256 ran 5–9× slower on SwiftShader; shared memory bounds occupancy on real GPUs anyway). */
  workgroupSize: [number, number, number] = [WG, 1, 1];
  dispatchLayout = { x: [0] };
  /** One workgroup per (pair, tile); tfjs reshapes long dispatches, hence WORKGROUP_LINEAR_INDEX. */
  dispatch: [number, number, number];
  shaderKey = `ctsieve_ssim_tile_${SSIM_TILE}`;

  constructor(pairs: number, tiles: number) {
    this.outputShape = [pairs, tiles];
    this.dispatch = [pairs * tiles, 1, 1];
  }

  getUserCode(): string {
    const c1 = SSIM_C1.toFixed(6);
    const c2 = SSIM_C2.toFixed(6);
    return `
      var<workgroup> prod : array<f32, ${HALO * HALO}>;
      var<workgroup> hpass : array<f32, ${HALO * SSIM_TILE}>;
      var<workgroup> partial : array<f32, ${WG}>;
      fn main(index : i32) {
        let R = uniforms.muShape.y;
        let C = uniforms.muShape.z;
        let rows = uniforms.xShape.y;
        let cols = uniforms.xShape.z;
        let tilesX = (C + ${SSIM_TILE - 1}) / ${SSIM_TILE};
        let tiles = uniforms.outShape.y;
        let g = ${WORKGROUP_LINEAR_INDEX};
        let p = g / tiles;
        let valid = p < uniforms.pairsShape.x;
        let tile = g - p * tiles;
        let r0 = (tile / tilesX) * ${SSIM_TILE};
        let c0 = (tile - (tile / tilesX) * tilesX) * ${SSIM_TILE};
        var a = 0;
        var b = 0;
        if (valid) {
          a = pairs[p * 2];
          b = pairs[p * 2 + 1];
        }
        for (var t = i32(localIndex); t < ${HALO * HALO}; t += ${WG}) {
          let r = r0 + t / ${HALO};
          let c = c0 + t % ${HALO};
          var v = 0.0;
          if (valid && r < rows && c < cols) {
            v = x[(a * rows + r) * cols + c] * x[(b * rows + r) * cols + c];
          }
          prod[t] = v;
        }
        workgroupBarrier();
        for (var t = i32(localIndex); t < ${HALO * SSIM_TILE}; t += ${WG}) {
          let base = (t / ${SSIM_TILE}) * ${HALO} + t % ${SSIM_TILE};
          hpass[t] = ${wgslTapSum((k) => `prod[base + ${k}]`)};
        }
        workgroupBarrier();
        var acc = 0.0;
        for (var t = i32(localIndex); t < ${SSIM_TILE * SSIM_TILE}; t += ${WG}) {
          let lr = t / ${SSIM_TILE};
          let lc = t % ${SSIM_TILE};
          let r = r0 + lr;
          let c = c0 + lc;
          if (valid && r < R && c < C) {
            let h = lr * ${SSIM_TILE} + lc;
            let sab = ${wgslTapSum((k) => `hpass[h + ${k * SSIM_TILE}]`)};
            let ma = mu[(a * R + r) * C + c];
            let mb = mu[(b * R + r) * C + c];
            let vab = sab - ma * mb;
            let num = (2.0 * ma * mb + ${c1}) * (2.0 * vab + ${c2});
            let den = (ma * ma + mb * mb + ${c1}) * (va[(a * R + r) * C + c] + va[(b * R + r) * C + c] + ${c2});
            acc += num / den;
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
