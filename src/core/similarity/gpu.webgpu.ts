/**
 * Small helpers shared by the WebGPU similarity kernels: access to tfjs's WebGPU backend, running a
 * WGSL program as a tracked tensor, and a scope that disposes every tensor on success, error or
 * abort (so tf.memory().numTensors is unchanged after a run).
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

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
