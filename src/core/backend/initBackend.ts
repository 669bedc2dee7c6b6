/**
 * TensorFlow.js backend selection. `initBackend('auto')` tries webgpu → webgl → wasm → cpu and
 * keeps the first one tfjs can start; an explicit request either starts that backend or throws.
 *
 * In Node, call `installNodeWebgpu()` (./nodeWebgpu.ts, Node entry points only) first so that
 * `navigator.gpu` exists; in the browser WebGPU needs `navigator.gpu` (Chrome/Edge 113+, or the
 * SwiftShader flags in DESIGN.md for headless runs).
 */
import * as tf from '@tensorflow/tfjs';
import { BACKEND_FALLBACK_ORDER, type BackendInfo, type BackendName, type BackendRequest } from './types';
import { ensureWebgpuBackendRegistered } from './webgpuRegistration';
import { installWasmAdam } from './wasmAdam';
import { installWasmBatchNorm } from './wasmBatchNorm';
import { installWasmConvFilterGrad } from './wasmConvFilterGrad';
import { installWasmDepthToSpace } from './wasmDepthToSpace';
import { installWasmMaxPoolGrad } from './wasmMaxPoolGrad';
import { installWasmContiguousSlices } from './wasmSlice';
import { installWebgpuTrainKernels } from './webgpuTrainKernels';

/** "webgpu (SwiftShader, CPU-emulated)", "wasm (2 threads)", or the plain name when there is nothing to add. */
export function backendLabel(info: BackendInfo): string {
  const notes = [info.note, info.threads ? `${info.threads} threads` : undefined].filter(Boolean);
  return notes.length ? `${info.name} (${notes.join(', ')})` : info.name;
}

/** Why a backend could not start, by name (filled by tryBackend; read by error messages). */
const failures = new Map<BackendName, string>();

export function backendFailure(name: BackendName): string | undefined {
  return failures.get(name);
}

/** Starts `name` as the active tfjs backend; false (with the reason recorded) if it cannot. */
export async function tryBackend(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  if (name === 'webgpu' && !(await ensureWebgpuBackendRegistered())) {
    failures.set(name, 'navigator.gpu is not available in this runtime');
    return false;
  }
  if (!tf.findBackendFactory(name)) {
    failures.set(name, `the tfjs ${name} backend is not registered (its package was not imported)`);
    return false;
  }
  try {
    // setBackend logs the factory's error and resolves false; keep that text as the reason.
    const { result: ok, warnings } = await captureWarnings(() => tf.setBackend(name));
    if (!ok) {
      failures.set(name, warnings.join('; ') || `tfjs could not initialise the ${name} backend`);
      return false;
    }
    failures.delete(name);
    if (name === 'wasm') {
      installWasmContiguousSlices();
      installWasmMaxPoolGrad();
      installWasmDepthToSpace();
      installWasmConvFilterGrad();
      installWasmBatchNorm();
      installWasmAdam();
    }
    if (name === 'webgpu') installWebgpuTrainKernels();
    return true;
  } catch (err) {
    failures.set(name, err instanceof Error ? err.message : String(err));
    return false;
  }
}

/** Starts the requested backend (or the first that works for 'auto') and describes it. */
export async function initBackend(request: BackendRequest): Promise<BackendInfo> {
  const candidates = request === 'auto' ? BACKEND_FALLBACK_ORDER : [request];
  for (const name of candidates) {
    if (await tryBackend(name)) return describeActiveBackend();
  }
  const reason = backendFailure(request === 'auto' ? 'cpu' : request) ?? 'unknown reason';
  throw new Error(`backend '${request}' is not available: ${reason}`);
}

/** Name and note of the active tfjs backend (the note flags software WebGPU adapters; wasm adds its threads). */
export function describeActiveBackend(): BackendInfo {
  const name = tf.getBackend() as BackendName;
  if (name === 'wasm') {
    const threads = wasmThreads();
    return threads > 1 ? { name, threads } : { name };
  }
  const info = name === 'webgpu' ? activeAdapterInfo() : name === 'webgl' ? activeWebglRenderer() : undefined;
  return isSoftwareAdapter(info) ? { name, note: 'SwiftShader, CPU-emulated' } : { name };
}

/** XNNPACK's thread count of the active wasm backend (1 in Node and without cross-origin isolation). */
function wasmThreads(): number {
  const backend = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  return backend.wasm?.tfjs?.getThreadsCount?.() ?? 1;
}

/** The WebGL renderer string (WEBGL_debug_renderer_info), e.g. "ANGLE (Google, Vulkan (SwiftShader…))". */
function activeWebglRenderer(): AdapterInfoLike | undefined {
  // tfjs's MathBackendWebGL keeps its context at gpgpu.gl (read by name, as for WebGPU above).
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : undefined;
  return typeof renderer === 'string' ? { description: renderer } : undefined;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

function activeAdapterInfo(): AdapterInfoLike | undefined {
  // The WebGPUBackend keeps the adapter info it was created with (private fields, read by name).
  const backend = tf.backend() as unknown as { adapterInfo?: AdapterInfoLike & { vendor?: string } };
  return backend.adapterInfo;
}

/** SwiftShader reports vendor "google", architecture "swiftshader" (Dawn, Chromium). */
export function isSoftwareAdapter(info: AdapterInfoLike | undefined): boolean {
  if (!info) return false;
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ').toLowerCase();
  return text.includes('swiftshader') || text.includes('llvmpipe') || text.includes('lavapipe');
}

async function captureWarnings<T>(fn: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  try {
    return { result: await fn(), warnings };
  } finally {
    console.warn = warn;
  }
}
