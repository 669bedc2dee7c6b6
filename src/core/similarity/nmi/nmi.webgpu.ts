/**
 * NMI on WebGPU, same definition as the CPU reference: NMI(a, b) = (H(a) + H(b)) / H(a, b).
 * Host: exact bin indices and marginal entropies per slice (./nmiBins.ts). GPU: the joint
 * histogram's Σ c·ln c per pair and band (./joint_entropy_program.ts), summed over the bands. Pairs i ≤ j, mirrored (H(a,b) is
 * symmetric; the reference's a/b asymmetry is ~1e-15). Error ≲ 1e-5 from f32 sums.
 */
import * as tf from '@tensorflow/tfjs';
import type { ComputeOptions, SliceStack } from '../types';
import type { KernelOutput } from '../registry';
import { activeWebgpuBackend, runPairTiles, runProgram } from '../gpu.webgpu';
import { DEFAULT_GPU_TILE_BUDGET_BYTES, planPairTiles, type SliceGroup } from '../tiling.webgpu';
import { entropyFromSum, nmiFromEntropies, sliceBins, type SliceBins } from './nmiBins';
import { bandCount, bandRowsFor, JointEntropyProgram } from './joint_entropy_program';

/** The group's packed bin words as an int32 [m, stride/4] tensor. */
function uploadBins(bins: SliceBins, group: SliceGroup): tf.Tensor2D {
  const words = bins.stride / 4;
  const out = new Int32Array(group.slices.length * words);
  const all = new Int32Array(bins.packed.buffer, bins.packed.byteOffset, bins.packed.length / 4);
  group.slices.forEach((s, k) => out.set(all.subarray(s * words, (s + 1) * words), k * words));
  return tf.tensor2d(out, [group.slices.length, words], 'int32');
}

/**
 * (H(a) + H(b)) / H(a, b). When a slice is constant its entropy is exactly 0 and the joint
 * histogram is the other slice's histogram, so H(a, b) = H(a) + H(b) exactly: NMI = 1, or 2 when
 * both are constant (the CPU reference's rule, see nmi.cpu.ts).
 */
function nmiFromGpuSum(ha: number, hb: number, jointSumCLnC: number, N: number): number {
  const hab = ha === 0 || hb === 0 ? ha + hb : entropyFromSum(jointSumCLnC, N);
  return nmiFromEntropies(ha, hb, hab);
}

export async function nmiMatrixWebgpu(stack: SliceStack, opts: ComputeOptions): Promise<KernelOutput> {
  const backend = activeWebgpuBackend('nmi');
  const { n } = stack;
  const N = stack.rows * stack.cols;
  const bins = sliceBins(stack.pixels, n, N);
  const bandRows = bandRowsFor(backend.device.limits.maxComputeWorkgroupStorageSize);
  const plan = planPairTiles({
    n,
    bytesPerSlice: bins.stride,
    // pairs, band sums (≤ 100 bands), the pair's sum.
    bytesPerPair: 4 * (2 + bandCount(bandRows) + 1),
    budgetBytes: opts.memoryBudgetBytes ?? DEFAULT_GPU_TILE_BUDGET_BYTES,
    maxBufferBytes: backend.device.limits.maxStorageBufferBindingSize,
  });
  const matrix = await runPairTiles('nmi', n, plan, opts, {
    upload: (group, scope) => [scope.keep(uploadBins(bins, group))],
    score: ([binsT], pairs, P, scope) => {
      const bandSums = scope.keep(runProgram(backend, new JointEntropyProgram(P, bandRows), [binsT, pairs], 'float32', [{ type: 'int32', data: [N] }]));
      return [bandSums, scope.keep(tf.sum(bandSums, 1))];
    },
    value: (i, j, raw) => nmiFromGpuSum(bins.entropy[i], bins.entropy[j], raw, N),
  });
  return { matrix };
}
