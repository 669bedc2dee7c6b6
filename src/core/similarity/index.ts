/**
 * The similarity engine's one public entry:
 *
 *   computeSimilarity(stack, method, opts?) → { method, n, backend, kind, matrix (n×n), hashes?, params }
 *
 * It validates its arguments (messages name the method and the value), picks the kernel for the
 * method on the backend settled for this process (core/runtime settleBackend; `methodBackend`
 * below, which never switches the tfjs backend), runs the kernel registered as
 * `${backend}_${method}` (./registry.ts) and reports the backend that actually ran. Tiny inputs go to the CPU reference unless `opts.cpuHandoff === false`.
 * HASH is a distance (0..64); SSIM, NMI and DeepNet are similarities.
 */
import * as tf from '@tensorflow/tfjs';
import type { ComputeOptions, MethodName, OptionsFor, SimilarityResult, SliceStack } from './types';
import { scoreKind, SIMILARITY_METHODS } from '../methods';
import { getKernel, hasKernel, registerKernel, type KernelOutput, type SimilarityKernel } from './registry';
import { BACKEND_FALLBACK_ORDER, backendLabel, isBackendRequest, type BackendInfo, type BackendName } from '../backend';
import { throwIfAborted } from '../runtime/abort';
import { settledBackend, type SettledBackend } from '../runtime/settleBackend';
import { assertSliceStack } from '../preprocess/sliceStackChecks';
import { SSIM_WIN_SIZE } from './ssim/gaussianWindow.cpu';
import { poolMatrix } from './pool/poolMatrix';
import type { KernelVariant, PoolMethod } from './pool/types';
import { hashMatrixWebgpu } from './dhash/hash.webgpu';
import { dhashHex, hammingMatrixCpu } from './dhash/dhash.cpu';
import { ssimMatrixWebgpu } from './ssim/ssim.webgpu';
import { nmiMatrixWebgpu } from './nmi/nmi.webgpu';

export type { SimilarityResult, ComputeOptions, DeepnetOptions, MethodOptions, OptionsFor, MethodName, SliceStack } from './types';
export { registerKernel, unregisterKernel, getKernel, hasKernel } from './registry';
export type { SimilarityKernel, KernelOutput } from './registry';
export { DEFAULT_GPU_TILE_BUDGET_BYTES } from './tiling.webgpu';
export { configurePool, prewarmPool } from './pool/config';
export type { SpawnWorker, PoolWorker } from './pool/types';

export const METHOD_NAMES = SIMILARITY_METHODS;

/**
 * The plain-TypeScript CPU reference of hash, ssim and nmi, which needs no tfjs backend and so no
 * settlement (the reference a faster backend is compared with). DeepNet still runs on the active tfjs backend.
 */
export const CPU_REFERENCE: SettledBackend = { request: 'cpu', name: 'cpu' };

/** Below this many pixel-pairs (pairs × pixels per slice) a GPU run costs more than it saves. */
export const CPU_HANDOFF_MAX_PIXEL_PAIRS = 2 ** 20;

/** Values that define each method (for caches and manifests). */
const METHOD_PARAMS: Record<MethodName, Record<string, unknown>> = {
  hash: { hashSize: 8, resize: 'pillow-lanczos-9x8', distance: 'hamming' },
  ssim: { gaussianSigma: 1.5, window: SSIM_WIN_SIZE, K1: 0.01, K2: 0.03, dataRange: 255, crop: 5 },
  nmi: { bins: 100, log: 'natural' },
  deepnet: {},
};

/**
 * A CPU kernel on the pool (every core; identical to one thread). 'reference' is the float64
 * TypeScript; 'simd' the WebAssembly SIMD kernels (both float64: SSIM within ~1e-15 of the
 * reference, NMI bit-identical), which report the reference ('cpu') where SIMD cannot compile.
 */
function pooled(method: PoolMethod, variant: KernelVariant): SimilarityKernel {
  return async (stack, opts): Promise<KernelOutput> => {
    const r = await poolMatrix(stack, method, variant, opts);
    const simd = variant === 'simd' && r.note === undefined;
    return {
      matrix: r.matrix,
      ...(r.hashes ? { hashes: r.hashes } : {}),
      threads: r.threads,
      ...(variant === 'simd' ? { backend: simd ? 'wasm' : 'cpu', params: { precision: 'float64' } } : {}),
    };
  };
}

/** Kernels that need no tfjs backend started: plain TypeScript and ctsieve's own WebAssembly. */
function isPlainKernel(backend: BackendName, method: MethodName): boolean {
  return method !== 'deepnet' && (backend === 'cpu' || backend === 'wasm');
}

function registerBuiltinKernels(): void {
  registerKernel('cpu', 'hash', pooled('hash', 'reference'));
  registerKernel('cpu', 'ssim', pooled('ssim', 'reference'));
  registerKernel('cpu', 'nmi', pooled('nmi', 'reference'));
  registerKernel('wasm', 'ssim', pooled('ssim', 'simd'));
  registerKernel('wasm', 'nmi', pooled('nmi', 'simd'));
  registerKernel('webgpu', 'hash', hashMatrixWebgpu);
  registerKernel('webgpu', 'ssim', ssimMatrixWebgpu);
  registerKernel('webgpu', 'nmi', nmiMatrixWebgpu);
  for (const backend of BACKEND_FALLBACK_ORDER) registerKernel(backend, 'deepnet', deepnetKernel);
}

/** DeepNet runs tf ops on the active (settled) backend, so one kernel serves every tfjs backend (loaded on first use). */
const deepnetKernel: SimilarityKernel = async (stack, opts): Promise<KernelOutput> => {
  const { deepnetMatrix } = await import('./embedding/deepnet');
  const r = await deepnetMatrix(stack, opts);
  return { matrix: r.matrix, backend: r.backend, params: r.params };
};

registerBuiltinKernels();

/** Throws (naming the method and the value) unless the arguments make sense. */
export function validateSimilarityArgs(stack: SliceStack, method: MethodName, opts: ComputeOptions): void {
  if (!METHOD_NAMES.includes(method)) {
    throw new RangeError(`similarity: unknown method '${String(method)}' (expected ${METHOD_NAMES.join(', ')})`);
  }
  assertSliceStack(stack, method);
  if (stack.n < 1 || stack.rows < 1 || stack.cols < 1) {
    throw new RangeError(`${method}: needs at least one slice of at least 1×1 px, got ${stack.n} slices of ${stack.rows}×${stack.cols}`);
  }
  if (method === 'ssim' && (stack.rows < SSIM_WIN_SIZE || stack.cols < SSIM_WIN_SIZE)) {
    throw new RangeError(
      `ssim: slices of ${stack.rows}×${stack.cols} px are smaller than the ${SSIM_WIN_SIZE}×${SSIM_WIN_SIZE} Gaussian window (win_size exceeds image extent)`,
    );
  }
  const backend = opts.backend;
  if (backend && !(isBackendRequest(backend.request) && BACKEND_FALLBACK_ORDER.includes(backend.name))) {
    throw new RangeError(`${method}: unknown backend '${String(backend.name)}' (expected ${BACKEND_FALLBACK_ORDER.join(', ')})`);
  }
  const budget = opts.memoryBudgetBytes;
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
    throw new RangeError(`${method}: memoryBudgetBytes must be a positive number of bytes, got ${budget}`);
  }
}

/**
 * The backend that runs `method` on the settled backend, without switching tfjs. A backend
 * without a kernel for the method (webgl or wasm for hash/ssim/nmi) runs the CPU reference: with
 * a note when that backend was named, silently under 'auto'. When 'auto' passed over a software
 * GPU, the note says what ran instead and why.
 */
export function methodBackend(settled: SettledBackend, method: MethodName): BackendInfo {
  const name: BackendName = hasKernel(settled.name, method) ? settled.name : 'cpu';
  if (!hasKernel(name, method)) {
    const have = BACKEND_FALLBACK_ORDER.filter((b) => hasKernel(b, method)).join(', ');
    throw new Error(`${method}: no ${settled.name} kernel (available: ${have})`);
  }
  if (settled.passedOver) {
    const faster = !isPlainKernel(name, method) ? `tfjs ${name}` : name === 'cpu' ? 'the CPU reference' : 'WebAssembly SIMD';
    return { name, note: `auto passed over ${backendLabel(settled.passedOver)}: ${faster} is faster` };
  }
  if (name === settled.name) return settled.note ? { name, note: settled.note } : { name };
  return settled.request === 'auto' ? { name } : { name, note: `no ${settled.name} kernel for ${method}: ran the CPU reference` };
}

/** Kernels on a tfjs backend need that backend active: a mismatch means someone switched it. */
function assertActive(info: BackendInfo, method: MethodName): void {
  if (isPlainKernel(info.name, method)) return; // ctsieve's own TypeScript and WebAssembly kernels
  const active = tf.getBackend();
  if (active !== info.name) {
    throw new Error(`${method}: the backend was settled as ${info.name} but tfjs is running ${active}; settle the backend once per process (core/runtime settleBackend)`);
  }
}

/** Small jobs run on the CPU reference (tfjs's shouldExecuteOnCPU idea). */
function shouldHandOffToCpu(stack: SliceStack, method: MethodName, backend: BackendName, opts: ComputeOptions): boolean {
  if (isPlainKernel(backend, method) || method === 'deepnet' || opts.cpuHandoff === false) return false;
  const pairs = (stack.n * (stack.n + 1)) / 2;
  return pairs * stack.rows * stack.cols <= CPU_HANDOFF_MAX_PIXEL_PAIRS;
}

/**
 * The n×n score matrix of a slice stack. Rejects with an Error named 'AbortError' when
 * `opts.signal` aborts (GPU memory is freed first). onProgress(done, total) counts pairs (matrix
 * cells for HASH on WebGPU); done reaches total at the end.
 */
export async function computeSimilarity<M extends MethodName>(stack: SliceStack, method: M, opts: OptionsFor<M> = {} as OptionsFor<M>): Promise<SimilarityResult> {
  validateSimilarityArgs(stack, method, opts);
  throwIfAborted(opts.signal, method);
  let info = methodBackend(opts.backend ?? (await settledBackend()), method);
  if (shouldHandOffToCpu(stack, method, info.name, opts)) info = { name: 'cpu' };
  assertActive(info, method);
  const kernel = getKernel(info.name, method);
  if (!kernel) throw new Error(`${method}: no ${info.name} kernel registered`);
  return similarityResult(method, stack.n, info, await kernel(stack, opts));
}

/** What a kernel returned, as computeSimilarity reports it. */
function similarityResult(method: MethodName, n: number, info: BackendInfo, out: KernelOutput): SimilarityResult {
  return {
    method,
    n,
    backend: out.backend ?? info.name,
    // The note says why this backend ran; a kernel that reports another backend ran elsewhere.
    ...(info.note && (out.backend === undefined || out.backend === info.name) ? { backendNote: info.note } : {}),
    kind: scoreKind(method),
    matrix: out.matrix,
    ...(out.hashes ? { hashes: out.hashes } : {}),
    params: { ...METHOD_PARAMS[method], precision: info.name === 'cpu' && method !== 'deepnet' ? 'float64' : 'float32', ...out.params },
    ...(out.threads ? { threads: out.threads } : {}),
  };
}

/**
 * HASH scores from dHash bits made elsewhere (slice by slice while reading, core/pipeline
 * StreamingDhash): the CPU reference's Hamming matrix, reported as computeSimilarity reports the
 * CPU kernel — so for the same slices the result equals computeSimilarity(stack, 'hash') on 'cpu'.
 * `info` is methodBackend(settled, 'hash'), which must be the CPU (a GPU run hashes on the GPU).
 */
export function hashScoresFromBits(bits: readonly Uint8Array[], info: BackendInfo, opts: ComputeOptions = {}): SimilarityResult {
  if (info.name !== 'cpu') throw new Error(`hash: dHash bits made on the CPU cannot be scored as a ${info.name} run`);
  if (!bits.length) throw new RangeError('hash: needs at least one slice');
  return similarityResult('hash', bits.length, info, { matrix: hammingMatrixCpu(bits, opts), hashes: bits.map(dhashHex), threads: 1 });
}
