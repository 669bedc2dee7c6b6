/**
 * Replaces one of tfjs-backend-wasm's kernels by a JS one over the wasm heap (wasmSlice.ts,
 * wasmMaxPoolGrad.ts, wasmDepthToSpace.ts). Call once the wasm backend is registered; idempotent per
 * kernel name (a second call would wrap the replacement). `make` receives wasm's own kernel, for the
 * cases the replacement hands back to it; the kernel's other registration fields are kept.
 */
import * as tf from '@tensorflow/tfjs';

export type KernelFunc = tf.KernelConfig['kernelFunc'];

const replaced = new Map<string, KernelFunc>();

/** The installed replacement (also when it was installed before), or undefined where wasm has no such kernel. */
export function replaceWasmKernel(kernelName: string, make: (original: KernelFunc) => KernelFunc): KernelFunc | undefined {
  const done = replaced.get(kernelName);
  if (done) return done;
  const own = tf.getKernel(kernelName, 'wasm');
  if (!own) return undefined;
  const kernelFunc = make(own.kernelFunc);
  replaced.set(kernelName, kernelFunc);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...own, kernelFunc });
  return kernelFunc;
}
