/**
 * Kernel registry: a plain Map keyed by `${backend}_${method}` (as tfjs's kernel_registry.ts).
 * Registering a key twice warns and replaces; unregistering a missing key throws.
 */
import type { BackendName, ComputeOptions, MethodName, SliceStack } from './types';

/** What a kernel returns; computeSimilarity adds method, n, kind and params. */
export interface KernelOutput {
  matrix: Float64Array;
  hashes?: string[];
  /** Overrides the backend name reported (e.g. a kernel that handed off to another backend). */
  backend?: string;
  params?: Record<string, unknown>;
  /** CPU threads used. */
  threads?: number;
}

/** One backend's implementation of one method. The stack is already validated. */
export type SimilarityKernel = (stack: SliceStack, opts: ComputeOptions) => Promise<KernelOutput>;

const kernels = new Map<string, SimilarityKernel>();

export function kernelKey(backend: BackendName, method: MethodName): string {
  return `${backend}_${method}`;
}

export function registerKernel(backend: BackendName, method: MethodName, kernel: SimilarityKernel): void {
  const key = kernelKey(backend, method);
  if (kernels.has(key)) console.warn(`similarity kernel ${key} was already registered; replacing it`);
  kernels.set(key, kernel);
}

export function unregisterKernel(backend: BackendName, method: MethodName): void {
  const key = kernelKey(backend, method);
  if (!kernels.delete(key)) throw new Error(`similarity kernel ${key} is not registered`);
}

export function getKernel(backend: BackendName, method: MethodName): SimilarityKernel | undefined {
  return kernels.get(kernelKey(backend, method));
}

export function hasKernel(backend: BackendName, method: MethodName): boolean {
  return kernels.has(kernelKey(backend, method));
}
