/**
 * The compute backend, settled once per process or worker and then passed down.
 *
 * TensorFlow.js has one active backend per JavaScript realm; switching it moves every live
 * tensor (a training job's weights included). So the entry point of a process (a CLI command, a
 * worker's first job) calls `settleBackend(request)` once, and kernels receive the result; no
 * kernel and no per-request code calls tf.setBackend.
 *
 * 'auto' tries webgpu → webgl → wasm → cpu and keeps the first that starts, passing over a
 * software GPU (SwiftShader, llvmpipe) when something later in the order starts: emulated, the
 * WGSL kernels run ~2–70× slower than the CPU reference and DeepNet ~40× slower than tfjs wasm
 * (docs/backends.md). Which kernel then runs a given method is `methodBackend` in core/similarity.
 */
import { backendFailure, backendLabel, describeActiveBackend, initBackend, tryBackend } from '../backend/initBackend';
import { BACKEND_FALLBACK_ORDER, BACKEND_REQUESTS, isBackendRequest, type BackendInfo, type BackendRequest } from '../backend/types';

/** The backend this process runs on, and how it came to be chosen. */
export interface SettledBackend extends BackendInfo {
  /** What was asked for. */
  request: BackendRequest;
  /** 'auto' only: the software GPU it passed over for a faster backend. */
  passedOver?: BackendInfo;
}

let settled: { request: BackendRequest; promise: Promise<SettledBackend> } | undefined;

/**
 * Starts the requested backend once and remembers it: the same request again returns the same
 * settlement without touching tfjs. A different request settles anew (a user's explicit choice);
 * call it from entry points only.
 */
export function settleBackend(request: BackendRequest = 'auto'): Promise<SettledBackend> {
  if (!isBackendRequest(request)) {
    return Promise.reject(new RangeError(`unknown backend '${String(request)}' (expected ${BACKEND_REQUESTS.join(', ')})`));
  }
  if (settled?.request === request) return settled.promise;
  const promise = settle(request);
  settled = { request, promise };
  promise.catch(() => {
    if (settled?.promise === promise) settled = undefined;
  });
  return promise;
}

/** The process's settled backend; settles 'auto' when nothing was settled yet. */
export function settledBackend(): Promise<SettledBackend> {
  return settled?.promise ?? settleBackend('auto');
}

/** "wasm (2 threads) (auto passed over webgpu (SwiftShader, CPU-emulated))", for badges and notices. */
export function settledLabel(s: SettledBackend): string {
  return s.passedOver ? `${backendLabel(s)} (auto passed over ${backendLabel(s.passedOver)})` : backendLabel(s);
}

async function settle(request: BackendRequest): Promise<SettledBackend> {
  if (request !== 'auto') return { request, ...(await initBackend(request)) };
  let passedOver: BackendInfo | undefined;
  for (const name of BACKEND_FALLBACK_ORDER) {
    if (!(await tryBackend(name))) continue;
    const info = describeActiveBackend();
    if (info.note && name !== 'cpu') {
      passedOver ??= info;
      continue;
    }
    return passedOver ? { request, ...info, passedOver } : { request, ...info };
  }
  // Nothing after the software GPU started: it is better than failing.
  if (passedOver && (await tryBackend(passedOver.name))) return { request, ...passedOver };
  throw new Error(`backend 'auto' is not available: ${backendFailure('cpu') ?? 'no backend started'}`);
}
