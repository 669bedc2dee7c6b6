/**
 * Tiny benchmark harness: every bench/<area>.bench.ts exports `run(ctx)` returning rows; bench/run.ts
 * prints one table and writes bench/results/<area>.json. Benchmarks measure; they never fail a build.
 */
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  /** What was measured, e.g. "ssim matrix". */
  name: string;
  /** Backend or implementation, e.g. "cpu", "webgpu (SwiftShader, CPU-emulated)", "scikit-image". */
  impl: string;
  /** Input description, e.g. "head CT 108×256×256". */
  input: string;
  /** Wall time of one run in milliseconds (median of `repeats`). */
  ms: number;
  /** Throughputs and other figures: e.g. {"slices/s": 123, "pairs/s": 4567, "peak MiB": 210}. */
  metrics: Record<string, number | string>;
  note?: string;
}

export interface BenchContext {
  /** Smaller inputs for a quick run (`npm run bench -- --quick`). */
  quick: boolean;
  log: (line: string) => void;
}

export interface BenchModule {
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/** Median wall time of `repeats` runs of fn (after one warm-up run when warmup is true). */
export async function timeIt(fn: () => unknown | Promise<unknown>, repeats = 3, warmup = true): Promise<number> {
  if (warmup) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
