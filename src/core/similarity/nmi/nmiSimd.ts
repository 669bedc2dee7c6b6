/**
 * NMI pair kernel on WebAssembly (nmi_simd.wat), bit-identical to the float64 reference
 * (nmi.cpu.ts): the per-slice part (bin indices, H, used bins) is the reference's own code; per
 * pair the module builds the joint histogram (indices formed 16 at a time with SIMD) and sums
 * c log c over used rows × used columns in the reference's order with the reference's table.
 * Undefined where WebAssembly SIMD cannot compile: the caller runs the reference instead.
 */
import type { PairKernel } from '../pool/pairKernels';
import { SlotArena, align16, instantiateBase64 } from '../wasmArena';
import { NmiKernel, cLogCTable } from './nmi.cpu';
import { NMI_BINS, binIndices, nmiFromEntropies } from './nmiBins';
import { NMI_SIMD_WASM_BASE64 } from './nmiSimdWasm';

interface NmiExports {
  memory: WebAssembly.Memory;
  histogram(a: number, b: number, n: number, hist: number): void;
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
  const reference = new NmiKernel(len);
  const logN = Math.log(len);
  const table = HIST_BYTES;
  const tableBytes = align16((len + 1) * 8);
  const binBytes = align16(len) + 16;
  const arena = new SlotArena(wasm.memory, table + tableBytes, binBytes + align16(NMI_BINS));
  new Float64Array(wasm.memory.buffer, table, len + 1).set(cLogCTable(len));
  const bins = new Uint8Array(len);
  return {
    state(x) {
      binIndices(x, bins);
      const { entropy, used } = reference.slice(bins);
      const at = arena.alloc();
      const memory = arena.bytes();
      memory.set(bins, at);
      memory.set(used, at + binBytes);
      return { bins: at, used: at + binBytes, usedCount: used.length, entropy };
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
