/**
 * One Adam step over the flat parameter, gradient and moment vectors (swav/optimizers.ts) on
 * tfjs-backend-wasm as one kernel of ctsieve's own, in WebAssembly SIMD over tfjs-wasm's heap
 * (adam_simd.wat). The tfjs-kernel form is about a dozen elementwise kernels over the ~800k values of a
 * resnet18-w16, each a pass over memory; here one pass reads p, g, m, v and writes m', v', p', in the
 * same float32 operations and order, so the values are those kernels' bit for bit (tested).
 * Inputs {p, g, m, v, c1, c2, keep?}: c1, c2 = 1 − βᵗ as one value or one per element; keep (bool) where
 * the update applies. Attrs AdamAttrs. Outputs [m', v', p'].
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_SIMD_SHARED_WASM_BASE64, ADAM_SIMD_WASM_BASE64 } from './adamSimdWasm';
import { heapAddress, heapKernel, heapMemory, heapOf, registerHeapKernels } from './heapSimd';

export const ADAM_KERNEL = 'CtsieveAdam';

export interface AdamAttrs {
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  lr: number;
}

type Adam = (p: number, g: number, m: number, v: number, keep: number, c1: number, c2: number, cStride: number, n: number, wd: number, b1: number, nb1: number, b2: number, nb2: number, eps: number, lr: number, mOut: number, vOut: number, pOut: number) => void;

const kernel = heapKernel<Adam>(ADAM_KERNEL, ADAM_SIMD_WASM_BASE64, ADAM_SIMD_SHARED_WASM_BASE64, 'adam');

const adam: tf.KernelFunc = (args) => {
  const { p, g, m, v, c1, c2, keep } = args.inputs as Record<'p' | 'g' | 'm' | 'v' | 'c1' | 'c2', tf.TensorInfo> & { keep?: tf.TensorInfo };
  const a = args.attrs as unknown as AdamAttrs;
  const n = tf.util.sizeFromShape(p.shape);
  const sizes = [g, m, v].map((t) => tf.util.sizeFromShape(t.shape));
  const cSize = tf.util.sizeFromShape(c1.shape);
  if (sizes.some((s) => s !== n) || cSize !== tf.util.sizeFromShape(c2.shape) || (cSize !== 1 && cSize !== n) || (keep && tf.util.sizeFromShape(keep.shape) !== n)) {
    throw new Error(`${ADAM_KERNEL}: p, g, m, v (and keep) must have the same size, c1 and c2 one value or as many (p ${n}, g/m/v ${sizes.join('/')}, c ${cSize})`);
  }
  const backend = args.backend as BackendWasm;
  const outs = [backend.makeOutput(m.shape, 'float32'), backend.makeOutput(v.shape, 'float32'), backend.makeOutput(p.shape, 'float32')];
  const at = (t: tf.TensorInfo) => heapAddress(backend, t);
  kernel.over(heapMemory(heapOf(backend)))(
    at(p), at(g), at(m), at(v), keep ? at(keep) : 0, at(c1), at(c2), cSize === 1 ? 0 : 1, n,
    a.weightDecay, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.eps, a.lr,
    at(outs[0]), at(outs[1]), at(outs[2]),
  );
  return outs;
};

/** Registers the kernel for tfjs-wasm (idempotent). False where WebAssembly SIMD is unavailable. */
export function installWasmAdam(): boolean {
  return registerHeapKernels(kernel, [[ADAM_KERNEL, adam]]);
}
