/**
 * NMI pair kernel on WebAssembly (nmi_simd.wat), bit-identical to the float64 reference
 * (nmi.cpu.ts). Per slice the module finds min/max (SIMD) and maps pixels to bins through the
 * reference's own lookup table while counting the marginal histogram; H sums c log c over the bins
 * in ascending order as NmiKernel.slice does. Per pair it builds the joint histogram (indices formed
 * 16 at a time with SIMD) and sums c log c over used rows × used columns in the reference's order
 * with the reference's table.
 * Undefined where WebAssembly SIMD cannot compile: the caller runs the reference instead.
 */
import type { PairKernel } from '../pool/pairKernels';
import { SlotArena, align16, instantiateBase64 } from '../wasmArena';
import { cLogCTable } from './nmi.cpu';
import { NMI_BINS, binLookupTable, nmiFromEntropies } from './nmiBins';
import { NMI_SIMD_WASM_BASE64 } from './nmiSimdWasm';

interface NmiExports {
  memory: WebAssembly.Memory;
  histogram(a: number, b: number, n: number, hist: number): void;
  minmax(x: number, n: number): number;
  bin(x: number, lut: number, dst: number, n: number, counts: number): void;
  entropy_sum(hist: number, usedA: number, na: number, usedB: number, nb: number, table: number): number;
}

const HIST_COPIES = 4;
const HIST_BYTES = HIST_COPIES * NMI_BINS * NMI_BINS * 4;

export interface NmiSimdSlot {
  bins: number;
  used: number;
  usedCount: number;
  entropy: number;
}

export interface NmiSimdKernel extends PairKernel<NmiSimdSlot> {
  release(slot: NmiSimdSlot): void;
}

export function makeSimdNmiKernel(rows: number, cols: number): NmiSimdKernel | undefined {
  const wasm = instantiateBase64<NmiExports>(NMI_SIMD_WASM_BASE64);
  if (!wasm) return undefined;
  const len = rows * cols;
  if (len === 0) return undefined;
  const logN = Math.log(len);
  const cLogC = cLogCTable(len);
  const table = HIST_BYTES;
  const tableBytes = align16((len + 1) * 8);
  const binBytes = align16(len) + 16;
  // Per-slice scratch: the pixels, the 256-entry lookup table and the 100 marginal counts.
  const pixels = table + tableBytes;
  const lut = pixels + binBytes;
  const counts = lut + 256;
  const arena = new SlotArena(wasm.memory, counts + 4 * NMI_BINS, binBytes + align16(NMI_BINS));
  new Float64Array(wasm.memory.buffer, table, len + 1).set(cLogC);
  return {
    state(x) {
      const at = arena.alloc();
      let memory = arena.bytes();
      memory.set(x, pixels);
      const mm = wasm.minmax(pixels, len);
      memory.set(binLookupTable(mm & 255, mm >>> 8), lut);
      wasm.bin(pixels, lut, at, len, counts);
      memory = arena.bytes();
      const c = new Int32Array(memory.buffer, counts, NMI_BINS);
      // As NmiKernel.slice: H = log N − (1/N) Σ c log c over the bins in ascending order.
      const used: number[] = [];
      let s = 0;
      for (let k = 0; k < NMI_BINS; k++) {
        if (c[k] !== 0) {
          s += cLogC[c[k]];
          used.push(k);
          c[k] = 0;
        }
      }
      memory.set(used, at + binBytes);
      return { bins: at, used: at + binBytes, usedCount: used.length, entropy: logN - s / len };
    },
    pair(_x, _y, a, b) {
      wasm.histogram(a.bins, b.bins, len, 0);
      const s = wasm.entropy_sum(0, a.used, a.usedCount, b.used, b.usedCount, table);
      // As NmiKernel.jointEntropy: H(A, B) = log N − (1/N) Σ c log c.
      return nmiFromEntropies(a.entropy, b.entropy, logN - s / len);
    },
    release: (slot) => arena.release(slot.bins),
  };
}
