/**
 * The similarity engine's one public entry:
 *
 *   computeSimilarity(stack, method, opts?) → { method, n, backend, kind, matrix (n×n), hashes?, params }
 *
 * It validates its arguments (messages name the method and the value), resolves the backend
 * ('auto' = webgpu → webgl → wasm → cpu, the first that starts and has a kernel for the method),
 * runs the kernel registered as `${backend}_${method}` (./registry.ts) and reports the backend
 * that actually ran. Tiny inputs go to the CPU reference unless `opts.cpuHandoff === false`.
 * HASH is a distance (0..64); SSIM, NMI and DeepNet are similarities.
 */
import type { BackendName, BackendRequest, ComputeOptions, MethodName, SimilarityResult, SliceStack } from './types';
import { METHOD_SCORE_KIND } from './types';
import { getKernel, hasKernel, registerKernel, type KernelOutput, type SimilarityKernel } from './registry';
import { BACKEND_FALLBACK_ORDER, backendFailure, backendLabel, describeActiveBackend, tryBackend, type BackendInfo } from '../backend';
import { assertSliceStack } from '../preprocess/sliceStackChecks';
import { SSIM_WIN_SIZE } from './ssim/gaussianWindow.cpu';
import { poolMatrix } from './pool/poolMatrix';
import type { KernelVariant, PoolMethod } from './pool/types';
import { hashMatrixWebgpu } from './dhash/hash.webgpu';
import { ssimMatrixWebgpu } from './ssim/ssim.webgpu';
import { nmiMatrixWebgpu } from './nmi/nmi.webgpu';

export type { SimilarityResult, ComputeOptions, MethodName, SliceStack } from './types';
export { registerKernel, unregisterKernel, getKernel, hasKernel } from './registry';
export type { SimilarityKernel, KernelOutput } from './registry';
export { DEFAULT_MEMORY_BUDGET_BYTES } from './tiling.webgpu';
export { configurePool, prewarmPool } from './pool/config';
export type { SpawnWorker, PoolWorker } from './pool/types';

export const METHOD_NAMES = Object.keys(METHOD_SCORE_KIND) as MethodName[];
const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', ...BACKEND_FALLBACK_ORDER];

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
  for (const backend of BACKEND_FALLBACK_ORDER) registerKernel(backend, 'deepnet', deepnetOn(backend));
}

/** DeepNet runs tf ops, so one kernel serves every tfjs backend (loaded on first use). */
function deepnetOn(backend: BackendName): SimilarityKernel {
  return async (stack, opts): Promise<KernelOutput> => {
    const { deepnetMatrix } = await import('./embedding/deepnet');
    const r = await deepnetMatrix(stack, { ...opts, backend });
    return { matrix: r.matrix, backend: r.backend, params: r.params };
  };
}

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
  const backend = opts.backend ?? 'auto';
  if (!BACKEND_REQUESTS.includes(backend)) {
    throw new RangeError(`${method}: unknown backend '${String(backend)}' (expected ${BACKEND_REQUESTS.join(', ')})`);
  }
  const budget = opts.memoryBudgetBytes;
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
    throw new RangeError(`${method}: memoryBudgetBytes must be a positive number of bytes, got ${budget}`);
  }
}

/**
 * First backend in the request's order that has a kernel for the method and starts. A named
 * backend without a kernel for the method (webgl or wasm for hash/ssim/nmi) runs the CPU
 * reference instead, with a note; one that cannot start throws with the reason. 'auto' passes
 * over a software WebGPU adapter (SwiftShader, llvmpipe) for methods with a CPU reference kernel:
 * emulated, the WGSL kernels run ~2–70× slower than the reference (docs/backends.md).
 */
export async function resolveBackend(method: MethodName, request: BackendRequest = 'auto'): Promise<BackendInfo> {
  const candidates = request === 'auto' ? BACKEND_FALLBACK_ORDER : [request];
  // 'auto' passes over a software GPU (SwiftShader, llvmpipe) when something later in the order is
  // faster: the CPU reference for HASH/SSIM/NMI, tfjs wasm or cpu for DeepNet (about 40× and 3×).
  let passedOver: BackendInfo | undefined;
  const faster = (name: BackendName): string =>
    !isPlainKernel(name, method) ? `tfjs ${name}` : name === 'cpu' ? 'the CPU reference' : 'WebAssembly SIMD';
  const withNote = (info: BackendInfo): BackendInfo =>
    passedOver ? { name: info.name, note: `auto passed over ${backendLabel(passedOver)}: ${faster(info.name)} is faster` } : info;
  for (const name of candidates) {
    if (!hasKernel(name, method)) continue;
    // The CPU and WebAssembly SIMD kernels of HASH/SSIM/NMI are ctsieve's own: no tfjs backend needed.
    if (isPlainKernel(name, method)) return withNote({ name });
    if (!(await tryBackend(name))) continue;
    const info = describeActiveBackend();
    if (request === 'auto' && info.note && name !== 'cpu') {
      passedOver ??= info;
      continue;
    }
    return withNote(info);
  }
  // Nothing after the software GPU started: it is better than failing.
  if (passedOver && (await tryBackend(passedOver.name))) return passedOver;
  if (request !== 'auto' && !hasKernel(request, method)) {
    // e.g. a worker that started tfjs on webgl asks for ssim: the CPU reference is the fallback.
    if (hasKernel('cpu', method)) return { name: 'cpu', note: `no ${request} kernel for ${method}: ran the CPU reference` };
    const have = BACKEND_FALLBACK_ORDER.filter((b) => hasKernel(b, method)).join(', ');
    throw new Error(`${method}: no ${request} kernel (available: ${have})`);
  }
  throw new Error(`${method}: backend '${request}' is not available: ${backendFailure(request as BackendName) ?? 'no backend started'}`);
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
export async function computeSimilarity(stack: SliceStack, method: MethodName, opts: ComputeOptions = {}): Promise<SimilarityResult> {
  validateSimilarityArgs(stack, method, opts);
  if (opts.signal?.aborted) {
    const err = new Error(`${method}: aborted`);
    err.name = 'AbortError';
    throw err;
  }
  let info = await resolveBackend(method, opts.backend ?? 'auto');
  if (shouldHandOffToCpu(stack, method, info.name, opts)) info = { name: 'cpu' };
  const kernel = getKernel(info.name, method);
  if (!kernel) throw new Error(`${method}: no ${info.name} kernel registered`);
  const out = await kernel(stack, opts);
  return {
    method,
    n: stack.n,
    backend: out.backend ?? info.name,
    // The note says why this backend ran; a kernel that reports another backend ran elsewhere.
    ...(info.note && (out.backend === undefined || out.backend === info.name) ? { backendNote: info.note } : {}),
    kind: METHOD_SCORE_KIND[method],
    matrix: out.matrix,
    ...(out.hashes ? { hashes: out.hashes } : {}),
    params: { ...METHOD_PARAMS[method], precision: info.name === 'cpu' && method !== 'deepnet' ? 'float64' : 'float32', ...out.params },
    ...(out.threads ? { threads: out.threads } : {}),
  };
}
