/** The compute backends (TensorFlow.js names) and how a caller asks for one. */

/** Compute backends, in fallback order for 'auto'. */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/** 'auto' = the first of BACKEND_FALLBACK_ORDER that starts (passing over software GPUs); a name forces it. */
export type BackendRequest = 'auto' | BackendName;

export const BACKEND_FALLBACK_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', ...BACKEND_FALLBACK_ORDER];

export interface BackendInfo {
  name: BackendName;
  /** e.g. "SwiftShader, CPU-emulated" for a software WebGPU adapter, or why this backend ran. */
  note?: string;
  /** tfjs-wasm's XNNPACK threads, when more than one (its threaded build, in a cross-origin-isolated page). */
  threads?: number;
}

export function isBackendRequest(value: string): value is BackendRequest {
  return (BACKEND_REQUESTS as readonly string[]).includes(value);
}
