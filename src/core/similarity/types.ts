/**
 * Shared types of the similarity engine. One public entry (`computeSimilarity` in ./index.ts)
 * validates its arguments, picks a backend kernel from the registry and returns plain data.
 */
import type { SettledBackend } from '../runtime/settleBackend';
import type { Embedder } from './embedding/types';

import type { MethodName, ScoreKind } from '../methods';

/** Method names and score kinds come from the one method table (core/methods). */
export type { MethodName, ScoreKind } from '../methods';

export type { SliceStack } from '../volume/types';

export interface SimilarityResult {
  method: MethodName;
  n: number;
  /** Backend that actually ran, e.g. "cpu" or "webgpu". */
  backend: string;
  /** About that backend, e.g. "SwiftShader, CPU-emulated" for a software WebGPU adapter. */
  backendNote?: string;
  kind: ScoreKind;
  /** Row-major n×n scores: matrix[i*n + j] = score(slice i, slice j). */
  matrix: Float64Array;
  /** HASH only: 16-hex-digit dHash per slice. */
  hashes?: string[];
  /** Parameters that affect the values (for caching and manifests). */
  params: Record<string, unknown>;
  /** CPU threads the kernel ran on (pool workers; 1 = the calling thread). */
  threads?: number;
}

/** Options every method takes (per-method options: MethodOptions). */
export interface ComputeOptions {
  /** The process's settled backend (core/runtime settleBackend); absent: settledBackend(). */
  backend?: SettledBackend;
  /** Called with pairs (or slices) done and the total, as work progresses. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting rejects with an AbortError-named Error and frees GPU memory. */
  signal?: AbortSignal;
  /**
   * Upper bound on GPU memory for one tile of pairs, and on the CPU kernels' per-slice state
   * (per pool worker), in bytes.
   */
  memoryBudgetBytes?: number;
  /** CPU kernels: worker threads (default: the configured pool's, see pool/config.ts; 1 = this thread). */
  threads?: number;
  /**
   * Let tiny inputs run on the CPU reference even when a GPU backend is chosen (tfjs's
   * shouldExecuteOnCPU idea; default true). Tests set false so the GPU kernels really run.
   */
  cpuHandoff?: boolean;
}

/** DeepNet's own options. */
export interface DeepnetOptions {
  /** The network (default: the bundled MobileNetV2 trunk, see ./embedding). */
  embedder?: Embedder;
  /** Slices per forward pass (default 16). */
  batchSize?: number;
}

/**
 * Each method's own options, beside ComputeOptions (the method table, core/methods, names the
 * methods; this says what each one takes). HASH, SSIM and NMI have none: their settings are fixed
 * by the reference definitions (recorded in SimilarityResult.params).
 */
export interface MethodOptions {
  hash: Record<never, never>;
  ssim: Record<never, never>;
  nmi: Record<never, never>;
  deepnet: DeepnetOptions;
}

/** What computeSimilarity(stack, method, opts) takes for `method`. */
export type OptionsFor<M extends MethodName> = ComputeOptions & MethodOptions[M];
