/** Compute backend selection (tfjs). Node-only WebGPU setup lives in ./nodeWebgpu.ts (not re-exported). */
export { initBackend, tryBackend, describeActiveBackend, backendLabel, backendFailure, isSoftwareAdapter, BACKEND_FALLBACK_ORDER } from './initBackend';
export type { BackendInfo } from './initBackend';
export { webgpuEntryPoint } from './webgpuRegistration';
