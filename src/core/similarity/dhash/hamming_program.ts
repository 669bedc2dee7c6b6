/**
 * WGSL program: rows [rowStart, rowStart + tileRows) of the n×n Hamming distance matrix of 64-bit
 * dHashes. Each hash is two 32-bit words (first bit most significant, as packHash); one thread per
 * output cell computes countOneBits(a.hi ^ b.hi) + countOneBits(a.lo ^ b.lo), an exact integer.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch } from '../gpu.webgpu';

export class HammingProgram implements WebGPUProgram {
  /** [tileRows, n] int32 distances. */
  outputShape: number[];
  /** Hashes as int32 [n, 2] words (bit patterns; read back with bitcast<u32>). */
  variableNames = ['hashes'];
  /** First matrix row of this tile. */
  uniforms = 'rowStart : i32,';
  /** One thread per output cell. */
  workgroupSize: [number, number, number] = [64, 1, 1];
  dispatchLayout = { x: [0, 1] };
  dispatch: [number, number, number];
  /** Adds `uniforms.size` (the output length) for the bounds check. */
  size = true;
  shaderKey = 'ctsieve_hamming';

  constructor(tileRows: number, n: number) {
    this.outputShape = [tileRows, n];
    this.dispatch = flatDispatch(tileRows * n, this.workgroupSize[0]);
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let coords = getCoordsFromIndex(index);
          let i = coords.x + uniforms.rowStart;
          let j = coords.y;
          let hi = bitcast<u32>(hashes[i * 2]) ^ bitcast<u32>(hashes[j * 2]);
          let lo = bitcast<u32>(hashes[i * 2 + 1]) ^ bitcast<u32>(hashes[j * 2 + 1]);
          result[index] = i32(countOneBits(hi) + countOneBits(lo));
        }
      }
    `;
  }
}
