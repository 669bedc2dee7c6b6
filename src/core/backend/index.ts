/** Compute backend selection (tfjs). Node-only WebGPU setup lives in ./nodeWebgpu.ts (not re-exported). */
export { initBackend, tryBackend, describeActiveBackend, backendLabel, backendFailure, isSoftwareAdapter } from './initBackend';
export { BACKEND_FALLBACK_ORDER, BACKEND_REQUESTS, isBackendRequest } from './types';
export type { BackendInfo, BackendName, BackendRequest } from './types';
export { webgpuEntryPoint } from './webgpuRegistration';
