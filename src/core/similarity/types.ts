/**
 * Shared types of the similarity engine. One public entry (`computeSimilarity` in ./index.ts)
 * validates its arguments, picks a backend kernel from the registry and returns plain data.
 */
import type { Embedder } from './embedding/types';

/** Similarity methods. HASH is a distance (lower = more alike); the others are similarities. */
export type MethodName = 'hash' | 'ssim' | 'nmi' | 'deepnet';

/** Compute backends, in fallback order. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

/** Which way a method's scores point. */
export type ScoreKind = 'distance' | 'similarity';

export const METHOD_SCORE_KIND: Record<MethodName, ScoreKind> = {
  hash: 'distance',
  ssim: 'similarity',
  nmi: 'similarity',
  deepnet: 'similarity',
};

/** n 8-bit slices of rows × cols, slice-major (slice k at offset k*rows*cols). */
export interface SliceStack {
  n: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}

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

export interface ComputeOptions {
  backend?: BackendRequest;
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
  /** DeepNet only: the network (default: the bundled MobileNetV2 trunk, see ./embedding). */
  embedder?: Embedder;
  /** DeepNet only: slices per forward pass (default 16). */
  batchSize?: number;
}
