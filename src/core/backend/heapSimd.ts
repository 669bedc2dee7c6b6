/**
 * ctsieve's WebAssembly SIMD kernels that work in place on tfjs-backend-wasm's heap: each module imports
 * tfjs-wasm's memory (`env.memory`), so a kernel reads and writes tensors at their heap addresses, no
 * copies. tfjs-wasm's threaded build (cross-origin-isolated pages) has a shared memory, which only a
 * module declaring its import shared accepts: scripts/wasm/build-simd.mjs assembles both variants.
 */

/** The parts of tfjs-wasm's emscripten module these kernels use. */
export interface HeapModule {
  asm: { memory: WebAssembly.Memory };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

export interface HeapKernel<F> {
  /** Whether the module compiles here (WebAssembly SIMD, and no CSP without 'wasm-unsafe-eval'). */
  available(): boolean;
  /** The export `name` of the module instantiated over `memory` (once per memory). */
  over(memory: WebAssembly.Memory): F;
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
