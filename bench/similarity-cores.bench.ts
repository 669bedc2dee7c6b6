/**
 * SSIM and NMI matrices on every core, side by side in one run: ctsieve's default (`auto`: with no
 * hardware GPU, the WebAssembly SIMD kernels on a pool of one worker thread per core), the float64
 * TypeScript reference on one thread (the default before the pool), and scikit-image with one
 * process per core (bench/python/parallel_timing.py). Slices: the first 40 of the 600 × 512² stack
 * made from the head CT (bench/stacks.ts; 12 with --quick), every pair i < j. Rounds alternate
 * ctsieve and scikit-image so both see the same machine load; ratios are wall time over wall time
 * (parallel runs: wall time is what a user waits for), the median of the rounds'. Ours uses the
 * pool as the CLI does: its worker threads are started ahead (while the stack is built, as the CLI
 * starts them while it reads the volume) and kept between rounds; scikit-image's pool is likewise
 * started and warmed up before its clock starts. The 600 × 512² rows project
 * the measured time per pair to all 179,700 pairs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow } from './lib';
import { repoRoot } from '../src/core/testing/referenceFixture';
import { computeSimilarity, methodBackend } from '../src/core/similarity';
import { settleBackend } from '../src/core/runtime/settleBackend';
import { configurePool } from '../src/core/similarity/pool/config';
import { installNodePool } from '../src/cli/poolNode';
import type { SliceStack } from '../src/core/similarity/types';
import { writeNpyU8 } from './similarity-cpu.bench';
import { firstSlices, headCtStack, largeStack } from './stacks';

type Method = 'ssim' | 'nmi';
interface PythonRun { versions: Record<string, string>; processes: number; pairs: number; seconds: number; values: [number, number, number][] }

const ROUNDS = 3;
const FULL_PAIRS = (600 * 599) / 2;
const pairsOf = (n: number): number => (n * (n - 1)) / 2;
/** Median of an odd count (ROUNDS is odd); the ratio reported is the median of the per-round ratios. */
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

function python(npy: string, method: Method, processes: number): PythonRun {
  const script = join(repoRoot, 'bench/python/parallel_timing.py');
  const r = spawnSync('/usr/bin/python3', [script, npy, '--method', method, '--processes', String(processes)], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout) as PythonRun;
}

async function ours(stack: SliceStack, method: Method, backend: 'auto' | 'cpu', threads: number): Promise<{ seconds: number; matrix: Float64Array; backend: string }> {
  const t0 = performance.now();
  const settled = backend === 'cpu' ? { request: 'cpu' as const, name: 'cpu' as const } : await settleBackend('auto');
  const r = await computeSimilarity(stack, method, { backend: settled, threads });
  return { seconds: (performance.now() - t0) / 1000, matrix: r.matrix, backend: r.backend };
}

function maxDiff(matrix: Float64Array, n: number, values: PythonRun['values']): number {
  return values.reduce((d, [i, j, v]) => Math.max(d, Math.abs(matrix[i * n + j] - v)), 0);
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const head = headCtStack(Infinity);
  if (!head) throw new Error('public/samples/head-ct.nii.gz is missing');
  const cores = availableParallelism();
  const m = ctx.quick ? 12 : 40;
  const stack = firstSlices(largeStack(head, 600), m);
  const input = `${m} × 512² slices of head CT → 600 × 512²`;
  const pairs = pairsOf(m);
  installNodePool(cores);
  const dir = mkdtempSync(join(tmpdir(), 'ctsieve-cores-'));
  const load0 = loadavg()[0];
  const rows: BenchRow[] = [];
  try {
    const npy = join(dir, 'stack.npy');
    writeNpyU8(npy, stack);
    for (const method of ['ssim', 'nmi'] as const) {
      const auto = methodBackend(await settleBackend('auto'), method);
      ctx.log(`${method}: auto resolves to ${auto.name}${auto.note ? ` (${auto.note})` : ''}; ${cores} cores, ${pairs} pairs per run`);
      const oursS: number[] = [], pyS: number[] = [], ratios: number[] = [];
      let py: PythonRun | undefined;
      let diff = 0;
      let backend = '';
      for (let round = 0; round < ROUNDS; round++) {
        const o = await ours(stack, method, 'auto', cores);
        py = python(npy, method, cores);
        oursS.push(o.seconds); pyS.push(py.seconds); ratios.push(py.seconds / o.seconds);
        diff = Math.max(diff, maxDiff(o.matrix, m, py.values));
        backend = o.backend;
        ctx.log(`  round ${round + 1}: ctsieve ${o.seconds.toFixed(2)} s, scikit-image ×${cores} processes ${py.seconds.toFixed(2)} s → ${(py.seconds / o.seconds).toFixed(1)}×`);
      }
      const single = await ours(stack, method, 'cpu', 1);
      ctx.log(`  float64 reference, one thread: ${single.seconds.toFixed(2)} s; max |ctsieve − scikit-image| ${diff.toExponential(1)}`);
      const o = median(oursS), p = median(pyS), ratio = median(ratios);
      const project = (s: number): number => (s / pairs) * FULL_PAIRS;
      const note = `${ROUNDS} alternating rounds, ratio per round ${ratios.map((r) => r.toFixed(1)).join(', ')}; machine shared with other work (1-min load ${load0.toFixed(1)} at start)`;
      rows.push(
        { name: `${method} matrix`, impl: `ctsieve default (${backend}, ${cores} threads)`, input, ms: o * 1000,
          metrics: { 'pairs/s': pairs / o, '× scikit-image (all cores)': ratio, 'min ×': Math.min(...ratios), 'max |Δ| vs skimage': diff }, note },
        { name: `${method} matrix`, impl: 'ctsieve float64 reference, 1 thread (old default)', input, ms: single.seconds * 1000,
          metrics: { 'pairs/s': pairs / single.seconds, '× scikit-image (all cores)': p / single.seconds } },
        { name: `${method} matrix`, impl: `scikit-image ${py?.versions['scikit-image']}, ${cores} processes`, input, ms: p * 1000, metrics: { 'pairs/s': pairs / p } },
        { name: `${method} 600 × 512² (projected)`, impl: `ctsieve default (${backend}, ${cores} threads)`, input: '179,700 pairs', ms: project(o) * 1000,
          metrics: { minutes: project(o) / 60 }, note: `measured per pair on ${m} slices` },
        { name: `${method} 600 × 512² (projected)`, impl: `scikit-image, ${cores} processes`, input: '179,700 pairs', ms: project(p) * 1000,
          metrics: { minutes: project(p) / 60 }, note: `measured per pair on ${m} slices` },
      );
    }
  } finally {
    configurePool(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  ctx.log(`1-min load average: ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end (${availableParallelism()} cores)`);
  return rows;
}
