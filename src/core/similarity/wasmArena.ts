/**
 * Helpers for the similarity kernels on WebAssembly (ssimSimd.ts, nmiSimd.ts): compiling a
 * module from its committed base64 bytes, and fixed-size slots in its memory for per-slice state
 * (allocated as slices arrive, freed when the pool task is done with them).
 */

/** The module's exports, or null where WebAssembly or its SIMD is unavailable (or a CSP forbids it). */
export function instantiateBase64<T>(base64: string): T | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    // Synchronous compile: the modules are ~1–2 KB, which browsers allow on any thread.
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as T;
  } catch {
    return null;
  }
}

const WASM_PAGE = 65536;

export const align16 = (n: number): number => (n + 15) & ~15;

/** Fixed-size slots after a fixed header in a WebAssembly memory; the memory grows on demand. */
export class SlotArena {
  private readonly free: number[] = [];
  private top: number;

  constructor(private readonly memory: WebAssembly.Memory, headerBytes: number, readonly slotBytes: number) {
    this.top = align16(headerBytes);
    this.ensure(this.top);
  }

  /** Makes the memory at least `bytes` long. */
  ensure(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / WASM_PAGE));
  }

  alloc(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const at = this.top;
    this.top += this.slotBytes;
    this.ensure(this.top);
    return at;
  }

  release(at: number): void {
    this.free.push(at);
  }

  /** A fresh view (views detach when the memory grows). */
  bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }
}
