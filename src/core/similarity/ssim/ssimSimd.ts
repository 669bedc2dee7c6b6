/**
 * SSIM pair kernel on WebAssembly SIMD (ssim_simd.wat): the fast form of ssim.cpu.ts in float64,
 * two pixels per instruction. Per slice its μ and variance maps once (kept in a slot of the
 * module's memory with the pixels); per pair only G∗(xy), strip-mined row by row (a ring of 11
 * product rows) with its horizontal pass fused with the SSIM term. Float64, not
 * float32: float32 was measured 1.4e-6 off the reference on the golden volume (ssim_simd.wat says
 * why), above the 1e-6 allowed; in float64 only the summation order differs (~1e-15).
 * Undefined where WebAssembly SIMD cannot compile: the caller runs the reference instead.
 */
import type { PairKernel } from '../pool/pairKernels';
import { SlotArena, align16, instantiateBase64 } from '../wasmArena';
import { gaussianTaps } from './gaussianWindow.cpu';
import { SSIM_C1, SSIM_C2 } from './ssim.cpu';
import { SSIM_SIMD_WASM_BASE64 } from './ssimSimdWasm';

interface SsimExports {
  memory: WebAssembly.Memory;
  centre(x: number, dst: number, n: number): void;
  product(x: number, y: number, dst: number, n: number): void;
  vblur(src: number, dst: number, outRows: number, cols: number): void;
  hblur(v: number, dst: number, outRows: number, cols: number): void;
  variance(mu: number, v: number, n: number): void;
  ssim_pair(x: number, y: number, mx: number, my: number, vx: number, vy: number, outRows: number, cols: number, ring: number, rowBytes: number, vrow: number): number;
}

/** Pixels are centred by this (x' = x − c) before the blurs; 0: none (kept as a parameter of the kernel). */
export const SSIM_SIMD_CENTRE = 0;

/** Readable (and writable) bytes after every buffer: vectors run up to 15 values past an end. */
const PAD = 128;
const HEADER = 128;

export interface SsimSimdSlot {
  pixels: number;
  mu: number;
  variance: number;
}

export interface SsimSimdKernel extends PairKernel<SsimSimdSlot> {
  release(slot: SsimSimdSlot): void;
}

export function makeSimdSsimKernel(rows: number, cols: number, centre = SSIM_SIMD_CENTRE): SsimSimdKernel | undefined {
  const wasm = instantiateBase64<SsimExports>(SSIM_SIMD_WASM_BASE64);
  if (!wasm) return undefined;
  const len = rows * cols;
  const outRows = rows - 10;
  const area = outRows * (cols - 10);
  const imageBytes = align16(len * 8) + PAD;
  const pixelBytes = align16(len) + PAD;
  const mapBytes = align16(area * 8) + PAD;
  const scratchP = HEADER;
  const scratchV = scratchP + imageBytes;
  // Per pair: a ring of 11 product rows and one axis-0 row (ssim_pair), never a whole image.
  const rowBytes = align16(cols * 8) + PAD;
  const ring = scratchV + imageBytes;
  const vrow = ring + 11 * rowBytes;
  const arena = new SlotArena(wasm.memory, vrow + rowBytes, pixelBytes + 2 * mapBytes);
  const header = new DataView(wasm.memory.buffer, 0, HEADER);
  gaussianTaps().slice(0, 6).forEach((w, k) => header.setFloat64(8 * k, w, true));
  header.setFloat64(48, SSIM_C1, true);
  header.setFloat64(56, SSIM_C2, true);
  header.setFloat64(64, centre, true);
  header.setInt32(72, centre, true);

  const blurInto = (dst: number) => {
    wasm.vblur(scratchP, scratchV, outRows, cols);
    wasm.hblur(scratchV, dst, outRows, cols);
  };
  return {
    state(x) {
      const at = arena.alloc();
      const slot = { pixels: at, mu: at + pixelBytes, variance: at + pixelBytes + mapBytes };
      arena.bytes().set(x, slot.pixels);
      wasm.centre(slot.pixels, scratchP, len);
      blurInto(slot.mu);
      wasm.product(slot.pixels, slot.pixels, scratchP, len);
      blurInto(slot.variance);
      wasm.variance(slot.mu, slot.variance, area);
      return slot;
    },
    pair(_x, _y, sx, sy) {
      return wasm.ssim_pair(sx.pixels, sy.pixels, sx.mu, sy.mu, sx.variance, sy.variance, outRows, cols, ring, rowBytes, vrow) / area;
    },
    release: (slot) => arena.release(slot.pixels),
  };
}
