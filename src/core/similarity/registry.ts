/**
 * Kernel registry: a plain Map keyed by `${backend}_${method}` (as tfjs's kernel_registry.ts).
 * Registering a key twice warns and replaces; unregistering a missing key throws.
 */
import type { BackendName } from '../backend/types';
import type { MethodName, OptionsFor, SliceStack } from './types';

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
export type SimilarityKernel<M extends MethodName = MethodName> = (stack: SliceStack, opts: OptionsFor<M>) => Promise<KernelOutput>;

/** Kernels of every method (each registered with its own method's options type). */
const kernels = new Map<string, SimilarityKernel<never>>();

export function kernelKey(backend: BackendName, method: MethodName): string {
  return `${backend}_${method}`;
}

export function registerKernel<M extends MethodName>(backend: BackendName, method: M, kernel: SimilarityKernel<M>): void {
  const key = kernelKey(backend, method);
  if (kernels.has(key)) console.warn(`similarity kernel ${key} was already registered; replacing it`);
  kernels.set(key, kernel);
}

export function unregisterKernel(backend: BackendName, method: MethodName): void {
  const key = kernelKey(backend, method);
  if (!kernels.delete(key)) throw new Error(`similarity kernel ${key} is not registered`);
}

export function getKernel<M extends MethodName>(backend: BackendName, method: M): SimilarityKernel<M> | undefined {
  return kernels.get(kernelKey(backend, method)) as SimilarityKernel<M> | undefined;
}

export function hasKernel(backend: BackendName, method: MethodName): boolean {
  return kernels.has(kernelKey(backend, method));
}
