/**
 * The horizontal pass of Pillow's 8-bit LANCZOS resize on WebAssembly SIMD (lanczos_simd.wat):
 * 8 multiply-adds per instruction instead of plain JavaScript's ≈1 per cycle, bit-identical to
 * resampleHorizontalJs in ./pillowResize.ts for any 8-bit input and any sizes.
 *
 * Each coefficient k is split into int16 halves k = kh · 2^11 + kl (kl = k mod 2^11 in 0..2047,
 * kh = ⌊k / 2^11⌋), so Σ px·k = 2^11 · Σ px·kh + Σ px·kl with both sums on i32x4.dot_i16x8_s.
 * The kernel's int32 arithmetic wraps modulo 2^32 exactly like the reference's final int32
 * conversion, so no intermediate range matters; only kh must fit int16 (|k| < 2^26), which
 * holds for all LANCZOS coefficients short of degenerate normalisations — otherwise, or where
 * WebAssembly SIMD is unavailable, makeSimdHorizontalPass returns undefined and the caller keeps
 * the JavaScript pass.
 */
import type { AxisCoeffs } from './pillowResize';
import { LANCZOS_SIMD_WASM_BASE64 } from './lanczosSimdWasm';

/** Horizontal pass over source rows [rowFirst, rowFirst + rows) of a srcW-wide image. */
export type HorizontalPass = (src: Uint8Array, rowFirst: number, rows: number) => Uint8Array;

interface KernelExports {
  memory: WebAssembly.Memory;
  resampleHorizontal(src: number, srcW: number, rows: number, dstW: number, tab: number, coef: number, out: number): void;
}

const TAPS_PER_VECTOR = 8;
const COEF_BYTES_PER_VECTOR = 32; // 8 kh + 8 kl, int16 each
const KH_SHIFT = 11;
const KL_MASK = (1 << KH_SHIFT) - 1;
/** Readable bytes after the last source row: a row's last vector reads up to 7 bytes past it. */
const SRC_TAIL_BYTES = 16;
const WASM_PAGE = 65536;

let kernel: KernelExports | null | undefined;

/** The kernel instance, compiled on first use; null where WebAssembly or its SIMD is unavailable. */
function simdKernel(): KernelExports | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(LANCZOS_SIMD_WASM_BASE64), (ch) => ch.charCodeAt(0));
    // Synchronous compile: the module is < 1 KB, which browsers allow on the main thread too.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    kernel = instance.exports as unknown as KernelExports;
  } catch {
    kernel = null; // no WebAssembly, no SIMD, or a CSP without 'wasm-unsafe-eval'
  }
  return kernel;
}

/** Whether the SIMD kernel can run here (it compiles). */
export function lanczosSimdAvailable(): boolean {
  return simdKernel() !== null;
}

const align16 = (n: number): number => (n + 15) & ~15;

/**
 * The kernel's per-output table and split coefficients (see lanczos_simd.wat for the layout), or
 * undefined when a coefficient's high half does not fit int16.
 */
function packCoefficients(c: AxisCoeffs, dstW: number): { header: Uint8Array; coefOffset: number } | undefined {
  const vectors = Array.from(c.count, (n) => Math.ceil(n / TAPS_PER_VECTOR));
  const coefOffset = align16(dstW * 8);
  const totalVectors = vectors.reduce((a, b) => a + b, 0);
  const header = new Uint8Array(coefOffset + totalVectors * COEF_BYTES_PER_VECTOR);
  const tab = new Int32Array(header.buffer, 0, dstW * 2);
  const coef = new Int16Array(header.buffer, coefOffset);
  let v = 0;
  for (let xx = 0; xx < dstW; xx++) {
    tab[2 * xx] = c.start[xx];
    tab[2 * xx + 1] = vectors[xx];
    for (let x = 0; x < c.count[xx]; x++) {
      const k = c.k[xx * c.ksize + x];
      const kh = Math.floor(k / (KL_MASK + 1));
      if (kh < -32768 || kh > 32767) return undefined;
      const at = (v + Math.floor(x / TAPS_PER_VECTOR)) * 16 + (x % TAPS_PER_VECTOR);
      coef[at] = kh;
      coef[at + TAPS_PER_VECTOR] = k - kh * (KL_MASK + 1);
    }
    v += vectors[xx];
  }
  return { header, coefOffset };
}

/**
 * A SIMD horizontal pass for coefficients `c` (srcW → dstW), or undefined where it cannot run
 * (no WebAssembly SIMD, or coefficients out of the kernel's range).
 */
export function makeSimdHorizontalPass(c: AxisCoeffs, srcW: number, dstW: number): HorizontalPass | undefined {
  const k = simdKernel();
  if (!k) return undefined;
  const packed = packCoefficients(c, dstW);
  if (!packed) return undefined;
  const { header, coefOffset } = packed;
  const srcOffset = align16(header.length);
  return (src, rowFirst, rows) => {
    const srcBytes = rows * srcW;
    const outOffset = align16(srcOffset + srcBytes + SRC_TAIL_BYTES);
    const outBytes = rows * dstW;
    const need = outOffset + outBytes;
    const have = k.memory.buffer.byteLength;
    if (need > have) k.memory.grow(Math.ceil((need - have) / WASM_PAGE));
    const mem = new Uint8Array(k.memory.buffer);
    mem.set(header, 0);
    mem.set(src.subarray(rowFirst * srcW, rowFirst * srcW + srcBytes), srcOffset);
    k.resampleHorizontal(srcOffset, srcW, rows, dstW, 0, coefOffset, outOffset);
    return mem.slice(outOffset, outOffset + outBytes);
  };
}
