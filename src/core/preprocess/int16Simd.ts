/**
 * The two per-voxel passes of the int16 → 8-bit conversion on WebAssembly SIMD (int16_simd.wat):
 * the slice's min/max, 8 values per instruction (about 20× plain JavaScript here, whose
 * compare-and-select loop does not vectorise), and the table lookup out[i] = table[v - min].
 * Integer work only, so the result is the JavaScript passes' exactly (tested). Where WebAssembly
 * SIMD is unavailable int16Kernel() is null and toUint8 keeps its JavaScript loops.
 *
 * Memory layout: [0, 2n) the slice, [2n, 3n) the 8-bit output, then the table (≤ 65,536 bytes).
 */
import { INT16_SIMD_WASM_BASE64 } from './int16SimdWasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  minmax(src: number, n: number): number;
  lookup(src: number, n: number, min: number, tab: number, out: number): void;
}

const WASM_PAGE = 65536;
const MAX_TABLE = 65536;

export interface Int16Kernel {
  /** Copies the slice in; minMax and lookup then work on it. */
  load(src: Int16Array): void;
  /** [min, max] of the loaded slice ([32767, -32768] when it is empty). */
  minMax(): [number, number];
  /** out[i] = table[src[i] - min] over the loaded slice; table covers [min, max]. */
  lookup(table: Uint8Array, min: number, out: Uint8Array): void;
}

let kernel: Int16Kernel | null | undefined;

/** The kernel, compiled on first use (one per thread); null where WebAssembly SIMD is unavailable. */
export function int16Kernel(): Int16Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(INT16_SIMD_WASM_BASE64), (ch) => ch.charCodeAt(0));
    // Synchronous compile: the module is ~500 bytes, which browsers allow on the main thread too.
    kernel = wrap(new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as KernelExports);
  } catch {
    kernel = null; // no WebAssembly, no SIMD, or a CSP without 'wasm-unsafe-eval'
  }
  return kernel;
}

function wrap(k: KernelExports): Int16Kernel {
  let n = 0;
  const ensure = (len: number): void => {
    const need = 3 * len + MAX_TABLE;
    const have = k.memory.buffer.byteLength;
    if (need > have) k.memory.grow(Math.ceil((need - have) / WASM_PAGE));
  };
  return {
    load(src) {
      ensure(src.length);
      n = src.length;
      new Int16Array(k.memory.buffer, 0, n).set(src);
    },
    minMax() {
      const packed = k.minmax(0, n);
      return [(packed << 16) >> 16, packed >> 16];
    },
    lookup(table, min, out) {
      if (out.length !== n) throw new RangeError(`int16 lookup: output holds ${out.length} pixels but the slice has ${n}`);
      const tab = 3 * n;
      new Uint8Array(k.memory.buffer, tab, table.length).set(table);
      k.lookup(0, n, min, tab, 2 * n);
      out.set(new Uint8Array(k.memory.buffer, 2 * n, n));
    },
  };
}
