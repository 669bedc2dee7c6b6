/**
 * Training-mode BatchNorm on tfjs-backend-wasm as two kernels of ctsieve's own, in WebAssembly SIMD over
 * tfjs-wasm's heap (batch_norm_simd.wat: tensors read and written in place, four channels per vector):
 *   BATCH_NORM_FORWARD:  x [.., C] → [μ, var, x̂]: μ = Σx/P, var = Σ(x − μ)²/P (biased), x̂ = (x − μ)/√(var + eps)
 *   BATCH_NORM_BACKWARD: dy, (y: ReLU fused), x̂, γ, var → [∂x, ∂γ, ∂β(, dz)]:
 *     dz = dy·[y > 0] (or dy), ∂β = Σdz, ∂γ = Σdz·x̂, ∂x = (dz − x̂·∂γ/P − ∂β/P)·γ/√(var + eps)
 * over the P = N·H·W (or batch) values per channel. Why: as tfjs kernels one BN call was 4–9 kernels
 * forward and 8–12 backward (means through an average pool, the elementwise chain, FusedBatchNorm),
 * ≈ 20% of a resnet18 `short` step on the 2-core EPYC; here each direction is two or three passes over
 * memory. Channel sums go through float32 blocks of 64 pixels into float64 totals. Values equal the
 * tfjs-kernel form (swav/batchNorm.ts) within float32 round-off (tested). Channels a multiple of 4.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { BATCH_NORM_SIMD_SHARED_WASM_BASE64, BATCH_NORM_SIMD_WASM_BASE64 } from './batchNormSimdWasm';
import { heapAddress, heapKernel, heapMemory, heapOf, heapScratch, registerHeapKernels } from './heapSimd';

export const BATCH_NORM_FORWARD = 'CtsieveBatchNormForward';
export const BATCH_NORM_BACKWARD = 'CtsieveBatchNormBackward';

export interface BatchNormForwardAttrs {
  eps: number;
}

export interface BatchNormBackwardAttrs {
  eps: number;
  /** Also output dz (a fused residual's gradient). */
  dz: boolean;
}

type Forward = (x: number, p: number, c: number, eps: number, mean: number, variance: number, xHat: number, scratch: number) => void;
type Backward = (dy: number, y: number, xHat: number, g: number, variance: number, eps: number, p: number, c: number, dx: number, dz: number, dGamma: number, dBeta: number, scratch: number) => void;

const forwardKernel = heapKernel<Forward>(BATCH_NORM_FORWARD, BATCH_NORM_SIMD_WASM_BASE64, BATCH_NORM_SIMD_SHARED_WASM_BASE64, 'forward');
const backwardKernel = heapKernel<Backward>(BATCH_NORM_BACKWARD, BATCH_NORM_SIMD_WASM_BASE64, BATCH_NORM_SIMD_SHARED_WASM_BASE64, 'backward');

/** Scratch bytes per channel (batch_norm_simd.wat: block sums, float64 totals, per-channel factors). */
const SCRATCH_PER_CHANNEL = 36;

/** Whether the SIMD kernels take a map of this shape on the active backend (channels last, a multiple of 4). */
export function wasmBatchNormApplies(shape: readonly number[]): boolean {
  return !!tf.getKernel(BATCH_NORM_FORWARD, tf.getBackend()) && shape[shape.length - 1] % 4 === 0 && shape.length >= 2;
}

function geometry(x: tf.TensorInfo, what: string): { p: number; c: number } {
  const c = x.shape[x.shape.length - 1];
  if (x.dtype !== 'float32' || c % 4 !== 0 || x.shape.length < 2) throw new Error(`${what}: float32 with channels a multiple of 4 only (got ${x.dtype} ${JSON.stringify(x.shape)})`);
  return { p: tf.util.sizeFromShape(x.shape) / c, c };
}

const forward: tf.KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { eps } = args.attrs as unknown as BatchNormForwardAttrs;
  const { p, c } = geometry(x, BATCH_NORM_FORWARD);
  const backend = args.backend as BackendWasm;
  const heap = heapOf(backend);
  const outs = [backend.makeOutput([c], 'float32'), backend.makeOutput([c], 'float32'), backend.makeOutput(x.shape, 'float32')];
  const s = heapScratch(heap, SCRATCH_PER_CHANNEL * c, 'BatchNorm');
  const at = (t: tf.TensorInfo) => heapAddress(backend, t);
  forwardKernel.over(heapMemory(heap))(at(x), p, c, eps, at(outs[0]), at(outs[1]), at(outs[2]), s);
  return outs;
};

const backward: tf.KernelFunc = (args) => {
  const { dy, y, xHat, gamma, variance } = args.inputs as { dy: tf.TensorInfo; y?: tf.TensorInfo; xHat: tf.TensorInfo; gamma: tf.TensorInfo; variance: tf.TensorInfo };
  const a = args.attrs as unknown as BatchNormBackwardAttrs;
  const { p, c } = geometry(dy, BATCH_NORM_BACKWARD);
  const backend = args.backend as BackendWasm;
  const heap = heapOf(backend);
  const outs = [backend.makeOutput(dy.shape, 'float32'), backend.makeOutput([c], 'float32'), backend.makeOutput([c], 'float32')];
  if (a.dz) outs.push(backend.makeOutput(dy.shape, 'float32'));
  const s = heapScratch(heap, SCRATCH_PER_CHANNEL * c, 'BatchNorm');
  const at = (t: tf.TensorInfo) => heapAddress(backend, t);
  backwardKernel.over(heapMemory(heap))(at(dy), y ? at(y) : 0, at(xHat), at(gamma), at(variance), a.eps, p, c, at(outs[0]), a.dz ? at(outs[3]) : 0, at(outs[1]), at(outs[2]), s);
  return outs;
};

/** Registers both kernels for tfjs-wasm (idempotent). False where WebAssembly SIMD is unavailable. */
export function installWasmBatchNorm(): boolean {
  return registerHeapKernels(forwardKernel, [[BATCH_NORM_FORWARD, forward], [BATCH_NORM_BACKWARD, backward]]);
}
