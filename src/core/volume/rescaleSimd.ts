/**
 * storeInt16's integer case on WebAssembly SIMD (rescale_simd.wat): `raw * slope + intercept`
 * for int16 or uint16 raw values and integer slope / intercept, 8 values per step, with the
 * int16 range check folded in as a running min/max. Real CT NIfTI (dcm2niix keeps DICOM's
 * RescaleSlope / RescaleIntercept) is very often int16 with slope 1, intercept -1024, and the
 * JavaScript loop costs about 0.4 ms per 512² slice; this is several times faster (issue 14).
 * Integer work only, and only where i32 cannot overflow, so the result is the JavaScript loop's
 * exactly (tested). Where WebAssembly SIMD is unavailable the JavaScript loop is used.
 *
 * Memory layout: [0, 2n) the slice, rescaled in place.
 */
import { RESCALE_SIMD_WASM_BASE64 } from './rescaleSimdWasm';

export interface RescaleKernelExports {
  memory: WebAssembly.Memory;
  rescale_s(src: number, n: number, slope: number, intercept: number, dst: number): number;
  rescale_u(src: number, n: number, slope: number, intercept: number, dst: number): number;
}

const WASM_PAGE = 65536;
const I32_MAX = 2 ** 31 - 1;

let kernel: RescaleKernelExports | null | undefined;

/** The module, compiled on first use (one per thread); null where WebAssembly SIMD is unavailable. */
export function rescaleKernel(): RescaleKernelExports | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(RESCALE_SIMD_WASM_BASE64), (ch) => ch.charCodeAt(0));
    // Synchronous compile: the module is under 1 KB, which browsers allow on the main thread too.
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as RescaleKernelExports;
  } catch {
    kernel = null; // no WebAssembly, no SIMD, or a CSP without 'wasm-unsafe-eval'
  }
  return kernel;
}

/**
 * Whether the kernel's i32 arithmetic is exact for these parameters: integer slope and intercept
 * with |raw · slope| + |intercept| < 2^31 for every raw value of the type (|raw| ≤ 32768 for
 * int16, ≤ 65535 for uint16). CT's slope 1 / intercept -1024 is far inside.
 */
export function rescaleFitsI32(unsigned: boolean, slope: number, intercept: number): boolean {
  if (!Number.isInteger(slope) || !Number.isInteger(intercept)) return false;
  return Math.abs(slope) * (unsigned ? 65535 : 32768) + Math.abs(intercept) <= I32_MAX;
}

/**
 * out[base + i] = raw[i] * slope + intercept for the whole slice on the kernel. Returns true when
 * every value is in [-32768, 32767] (then written, exactly), false when one is not (out untouched;
 * the caller stores the slice as float32), and null when the kernel cannot take the call (no
 * SIMD, or parameters outside rescaleFitsI32): the caller then runs its JavaScript loop.
 */
export function rescaleInt16Simd(out: Int16Array, base: number, raw: Int16Array | Uint16Array, slope: number, intercept: number): boolean | null {
  const unsigned = raw instanceof Uint16Array;
  if (!rescaleFitsI32(unsigned, slope, intercept)) return null;
  const k = rescaleKernel();
  if (!k) return null;
  const n = raw.length;
  const have = k.memory.buffer.byteLength;
  if (2 * n > have) k.memory.grow(Math.ceil((2 * n - have) / WASM_PAGE));
  // Copy in with a view of raw's own type, so the copy is a plain memcpy.
  if (unsigned) new Uint16Array(k.memory.buffer, 0, n).set(raw);
  else new Int16Array(k.memory.buffer, 0, n).set(raw);
  const ok = (unsigned ? k.rescale_u : k.rescale_s)(0, n, slope, intercept, 0) === 1;
  if (ok) out.set(new Int16Array(k.memory.buffer, 0, n), base);
  return ok;
}
