/**
 * Pair kernels as the pool runs them: per-slice state once, then a score per pair from the two
 * slices and their states. The reference variants wrap the float64 kernels of ssim.cpu.ts and
 * nmi.cpu.ts unchanged, so a pooled matrix equals ssimMatrixCpu / nmiMatrixCpu bit for bit.
 */
import { SsimKernel } from '../ssim/ssim.cpu';
import { NmiKernel } from '../nmi/nmi.cpu';
import { binIndices, nmiFromEntropies } from '../nmi/nmiBins';
import { makeSimdSsimKernel } from '../ssim/ssimSimd';
import { makeSimdNmiKernel } from '../nmi/nmiSimd';
import type { KernelVariant } from './types';

export interface PairKernel<S = unknown> {
  state(pixels: Uint8Array): S;
  /** Score of slices x (index i) and y (index j ≥ i). */
  pair(x: Uint8Array, y: Uint8Array, sx: S, sy: S): number;
  /** Frees a state the task is done with (WebAssembly memory slots). */
  release?(s: S): void;
  /** Why another variant ran than the one asked for (e.g. no WebAssembly SIMD here). */
  note?: string;
}

function referenceSsim(rows: number, cols: number): PairKernel {
  const k = new SsimKernel(rows, cols);
  return { state: (x) => k.stats(x), pair: (x, y, sx, sy) => k.pair(x, y, sx as never, sy as never) };
}

function referenceNmi(rows: number, cols: number): PairKernel {
  const k = new NmiKernel(rows * cols);
  return {
    state: (x) => {
      const bins = new Uint8Array(x.length);
      binIndices(x, bins);
      return k.slice(bins);
    },
    pair: (_x, _y, sx, sy) => {
      const a = sx as ReturnType<NmiKernel['slice']>, b = sy as ReturnType<NmiKernel['slice']>;
      return nmiFromEntropies(a.entropy, b.entropy, k.jointEntropy(a, b));
    },
  };
}

const NO_SIMD = 'WebAssembly SIMD is not available here: ran the float64 reference';

/** The kernel for one method, variant and slice size. */
export function pairKernel(method: 'ssim' | 'nmi', variant: KernelVariant, rows: number, cols: number): PairKernel {
  if (variant === 'simd') {
    const simd = method === 'ssim' ? makeSimdSsimKernel(rows, cols) : makeSimdNmiKernel(rows, cols);
    if (simd) return simd as PairKernel;
    return { ...(method === 'ssim' ? referenceSsim(rows, cols) : referenceNmi(rows, cols)), note: NO_SIMD };
  }
  return method === 'ssim' ? referenceSsim(rows, cols) : referenceNmi(rows, cols);
}
