/**
 * Kernels one piece of work launches on the active tfjs backend, counted through tf.profile: every
 * registered kernel dispatched (nested ones included, e.g. inside a custom-gradient op), not the
 * custom-gradient scopes themselves. On a GPU each is a dispatch; on cpu/wasm a function call.
 * Profiling times each kernel (a clock read around it), so a counted step runs a little slower.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelCount<T> {
  result: T;
  kernels: number;
  /** Kernels by name, most frequent first. */
  byName: [string, number][];
}

export async function countKernels<T>(fn: () => Promise<T>): Promise<KernelCount<T>> {
  const backend = tf.getBackend();
  let result: T | undefined;
  const info = await tf.profile(async () => {
    result = await fn();
    return [];
  });
  const names = new Map<string, number>();
  for (const k of info.kernels) if (tf.getKernel(k.name, backend)) names.set(k.name, (names.get(k.name) ?? 0) + 1);
  const byName = [...names].sort((a, b) => b[1] - a[1]);
  return { result: result as T, kernels: byName.reduce((s, [, n]) => s + n, 0), byName };
}
