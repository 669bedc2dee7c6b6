/**
 * Small helpers shared by the WebGPU similarity kernels: access to tfjs's WebGPU backend, running a
 * WGSL program as a tracked tensor, and a scope that disposes every tensor on success, error or
 * abort (so tf.memory().numTensors is unchanged after a run).
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { throwIfAborted } from '../runtime/abort';
import type { SliceGroup, TilePlan } from './tiling.webgpu';
import type { ComputeOptions } from './types';

/** Uniform values appended after the program's shape uniforms, in declaration order. */
export type ProgramUniforms = Array<{ type: 'int32' | 'float32' | 'uint32'; data: number[] }>;

/** The active tfjs WebGPU backend; throws when another backend is active. */
export function activeWebgpuBackend(what: string): WebGPUBackend {
  if (tf.getBackend() !== 'webgpu') throw new Error(`${what}: the webgpu kernel needs the tfjs webgpu backend, active is '${tf.getBackend()}'`);
  return tf.backend() as unknown as WebGPUBackend;
}

/** Linear workgroup index in WGSL, robust to tfjs reshaping a long 1-D dispatch into 2-D/3-D. */
export const WORKGROUP_LINEAR_INDEX =
  'i32(workgroupId.x + workgroupId.y * numWorkgroups.x + workgroupId.z * numWorkgroups.x * numWorkgroups.y)';

/**
 * WGSL that sums every thread's `acc` into `${array}[0]` by a tree reduction in workgroup memory
 * (`var<workgroup> ${array}: array<f32, wg>`, wg a power of two); every thread must run it.
 */
export function workgroupSumWgsl(wg: number, array = 'partial'): string {
  return `
        ${array}[localIndex] = acc;
        workgroupBarrier();
        for (var stride = ${wg / 2}u; stride > 0u; stride = stride >> 1u) {
          if (localIndex < stride) {
            ${array}[localIndex] += ${array}[localIndex + stride];
          }
          workgroupBarrier();
        }`;
}

/** Workgroups of `workgroupSize` threads covering `size` items along x. */
export function flatDispatch(size: number, workgroupSize: number): [number, number, number] {
  return [Math.max(1, Math.ceil(size / workgroupSize)), 1, 1];
}

/** Tensors created by one kernel run; `dispose()` frees them all. */
export class TensorScope {
  private readonly tensors: tf.Tensor[] = [];

  keep<T extends tf.Tensor>(t: T): T {
    this.tensors.push(t);
    return t;
  }

  /** Frees some tensors early (e.g. one chunk's scratch). */
  release(...ts: tf.Tensor[]): void {
    for (const t of ts) {
      const i = this.tensors.indexOf(t);
      if (i >= 0) this.tensors.splice(i, 1);
      t.dispose();
    }
  }

  dispose(): void {
    for (const t of this.tensors.splice(0)) t.dispose();
  }
}

/** Runs a WGSL program on the active WebGPU backend; the output is an ordinary tracked tensor. */
export function runProgram(
  backend: WebGPUBackend,
  program: WebGPUProgram,
  inputs: tf.Tensor[],
  dtype: 'float32' | 'int32',
  uniforms?: ProgramUniforms,
): tf.Tensor {
  const info = backend.runWebGPUProgram(program, inputs, dtype, uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Copies the listed slices of an 8-bit stack into one contiguous buffer (slice-major). */
export function gatherSlices(pixels: Uint8Array, sliceLength: number, slices: readonly number[]): Uint8Array {
  const out = new Uint8Array(slices.length * sliceLength);
  slices.forEach((s, k) => out.set(pixels.subarray(s * sliceLength, (s + 1) * sliceLength), k * sliceLength));
  return out;
}

/** Writes a symmetric pair score into a row-major n×n matrix. */
export function setSymmetric(matrix: Float64Array, n: number, i: number, j: number, value: number): void {
  matrix[i * n + j] = value;
  matrix[j * n + i] = value;
}

/** How one method scores pairs on the GPU, for runPairTiles. */
export interface PairTileStages<G extends tf.Tensor[]> {
  /** Uploads what a group of slices needs (released after the group). */
  upload(group: SliceGroup, scope: TensorScope): G;
  /**
   * Tensors for one chunk of pairs ([P, 2] int32 local indices), each kept in `scope` as it is made;
   * the last holds one raw value per pair. All are released once the values are read.
   */
  score(uploaded: G, pairs: tf.Tensor2D, pairCount: number, scope: TensorScope): tf.Tensor[];
  /** The matrix entry for slices i and j from the chunk's raw value. */
  value(i: number, j: number, raw: number): number;
}

/**
 * Walks a tile plan: per group of slices an upload, per chunk of pairs one scoring pass read back
 * to the host and mirrored into the n×n matrix; abort is checked between chunks, progress reported
 * per chunk, and every tensor is released as soon as it is done with (all of them on error).
 */
export async function runPairTiles<G extends tf.Tensor[]>(what: string, n: number, plan: TilePlan, opts: ComputeOptions, stages: PairTileStages<G>): Promise<Float64Array> {
  const matrix = new Float64Array(n * n);
  const scope = new TensorScope();
  let done = 0;
  try {
    for (const group of plan.groups) {
      throwIfAborted(opts.signal, what);
      const uploaded = stages.upload(group, scope);
      for (const chunk of group.chunks) {
        throwIfAborted(opts.signal, what);
        const P = chunk.length / 2;
        const pairs = scope.keep(tf.tensor2d(chunk, [P, 2], 'int32'));
        const tensors = stages.score(uploaded, pairs, P, scope);
        const values = await tensors[tensors.length - 1].data();
        for (let q = 0; q < P; q++) {
          const i = group.slices[chunk[2 * q]];
          const j = group.slices[chunk[2 * q + 1]];
          setSymmetric(matrix, n, i, j, stages.value(i, j, values[q]));
        }
        scope.release(pairs, ...tensors);
        done += P;
        opts.onProgress?.(done, plan.totalPairs);
      }
      scope.release(...uploaded);
    }
  } finally {
    scope.dispose();
  }
  return matrix;
}
