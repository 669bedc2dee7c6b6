/**
 * ctsieve's WebAssembly SIMD kernels that work in place on tfjs-backend-wasm's heap: each module imports
 * tfjs-wasm's memory (`env.memory`), so a kernel reads and writes tensors at their heap addresses, no
 * copies. tfjs-wasm's threaded build (cross-origin-isolated pages) has a shared memory, which only a
 * module declaring its import shared accepts: scripts/wasm/build-simd.mjs assembles both variants.
 */

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The parts of tfjs-wasm's emscripten module these kernels use. */
export interface HeapModule {
  /** The exports; `memory` among them where the module owns its memory (the plain builds). */
  asm: { memory?: WebAssembly.Memory };
  /** The memory the threaded build creates (shared) and imports: not among its exports. */
  wasmMemory?: WebAssembly.Memory;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

export interface HeapKernel<F> {
  /** Whether the module compiles here (WebAssembly SIMD, and no CSP without 'wasm-unsafe-eval'). */
  available(): boolean;
  /** The export `name` of the module instantiated over `memory` (once per memory). */
  over(memory: WebAssembly.Memory): F;
}

/** tfjs-wasm's memory: exported by the plain builds, created in JS and imported by the threaded one. */
export function heapMemory(heap: HeapModule): WebAssembly.Memory {
  const memory = heap.wasmMemory ?? heap.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('tfjs-wasm: its WebAssembly memory is neither exported nor on the module (an unknown build)');
  return memory;
}

/** The emscripten module behind a kernel's tfjs-wasm backend. */
export function heapOf(backend: BackendWasm): HeapModule {
  return backend.wasm as unknown as HeapModule;
}

/**
 * A tensor's byte address in the heap. Take addresses after every allocation of the kernel (an
 * allocation may grow the heap; addresses stay valid, views taken before do not).
 */
export function heapAddress(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset;
}

/**
 * Registers kernels for tfjs-wasm that run `kernel`'s module (idempotent). False where the module does
 * not compile (no WebAssembly SIMD): callers keep their tfjs-kernel forms.
 */
export function registerHeapKernels(kernel: HeapKernel<unknown>, kernels: [string, tf.KernelFunc][]): boolean {
  if (kernels.every(([name]) => tf.getKernel(name, 'wasm'))) return true;
  if (!kernel.available()) return false;
  for (const [kernelName, kernelFunc] of kernels) if (!tf.getKernel(kernelName, 'wasm')) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  return true;
}

function compile(b64: string): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** A kernel from its plain and shared-memory module bytes (base64) and the export to call. */
export function heapKernel<F>(what: string, plainB64: string, sharedB64: string, name: string): HeapKernel<F> {
  const modules = new Map<boolean, WebAssembly.Module | null>();
  const instances = new WeakMap<WebAssembly.Memory, F>();
  const moduleFor = (shared: boolean): WebAssembly.Module | null => {
    if (!modules.has(shared)) modules.set(shared, compile(shared ? sharedB64 : plainB64));
    return modules.get(shared) ?? null;
  };
  return {
    available: () => moduleFor(false) !== null,
    over(memory) {
      let f = instances.get(memory);
      if (!f) {
        const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
        const mod = moduleFor(shared);
        if (!mod) throw new Error(`${what}: WebAssembly SIMD is unavailable`);
        f = new WebAssembly.Instance(mod, { env: { memory } }).exports[name] as F;
        instances.set(memory, f);
      }
      return f;
    },
  };
}

const scratch = new WeakMap<HeapModule, { ptr: number; bytes: number }>();

/**
 * A scratch block of ≥ bytes in tfjs-wasm's heap, shared by these kernels (they never run at the same
 * time) and kept, grown when a call needs more. It may grow the heap: take tensor addresses after it.
 */
export function heapScratch(heap: HeapModule, bytes: number, what: string): number {
  const s = scratch.get(heap);
  if (s && s.bytes >= bytes) return s.ptr;
  if (s) heap._free(s.ptr);
  const ptr = heap._malloc(bytes);
  if (!ptr) throw new Error(`${what}: could not allocate ${bytes} bytes of scratch in the wasm heap`);
  scratch.set(heap, { ptr, bytes });
  return ptr;
}
