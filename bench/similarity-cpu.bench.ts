/**
 * CPU reference similarity (src/core/similarity/{dhash,ssim,nmi}/*.cpu.ts) against the Python
 * reference libraries, on the same slices in the same run:
 *   (a) the golden 64×128×128 volume (its 8-bit PNG slices),
 *   (b) the bundled head CT (public/samples/head-ct.nii.gz, 108×256×256; 32 slices with --quick),
 *   (c) a 600×512×512 stack made from it (2× in-plane pixel repeat, slices linearly interpolated
 *       along z; 120 slices with --quick). HASH runs on every slice; SSIM and NMI cost the same per
 *       pair whatever n is, so they are timed on the stack's first slices and extrapolated to all
 *       179,700 pairs (each row says so); the Python libraries are timed on those same slices.
 * Python (Debian's python3 with scikit-image 0.19 and Pillow 9.4) times scikit-image's SSIM and NMI
 * one call per pair over a subset of pairs (extrapolated per pair) and Pillow+dHash per slice; see
 * bench/python/reference_timing.py. Everything is single-threaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchRow } from './lib';
import { readReferencePngStack } from '../src/core/preprocess/testing/referenceSlices';
import { repoRoot } from '../src/core/testing/referenceFixture';
import { dhashBits, dhashHex, hammingMatrixCpu } from '../src/core/similarity/dhash/dhash.cpu';
import { resizeLanczosU8 } from '../src/core/similarity/dhash/pillowResize';
import { ssimMatrixCpu } from '../src/core/similarity/ssim/ssim.cpu';
import { nmiMatrixCpu } from '../src/core/similarity/nmi/nmi.cpu';
import type { SliceStack } from '../src/core/similarity/types';
import { firstSlices, headCtStack, largeStack, upsampled2x } from './stacks';

interface Input {
  label: string;
  stack: SliceStack;
  repeats: number;
  /** Time SSIM and NMI (ours and Python's) on the first `pairSlices` slices only, extrapolated per pair. */
  pairSlices?: number;
}

interface PairTiming {
  pairs: number; seconds: number; ms_per_pair: number; cpu_seconds: number; cpu_ms_per_pair: number;
  /** [i, j, value] for the timed pairs (SSIM, NMI). */
  values?: [number, number, number][];
}
interface PythonTiming {
  versions: Record<string, string>;
  ssim: PairTiming;
  nmi: PairTiming;
  dhash: { slices: number; seconds: number; ms_per_slice: number; cpu_seconds: number; cpu_ms_per_slice: number; hex: string[] };
  hamming: PairTiming;
}

/** Wall and process CPU time of one run, in ms. */
interface Timing { wallMs: number; cpuMs: number }
interface Measured<T> extends Timing { result: T }

/** Each timed sample runs the function enough times to take at least this long (timer noise). */
const MIN_SAMPLE_MS = 25;

/**
 * Median wall and CPU time per call over `repeats` samples. The dev machine's 2 cores are shared by
 * several engineers, so wall time is inflated by other processes; CPU time (user + system of this
 * process) is the fairer per-core figure, and every ratio below uses it on both sides. Cheap calls
 * are repeated within a sample so that each sample lasts at least MIN_SAMPLE_MS.
 */
async function measure<T>(fn: () => T, repeats: number, warmup = true): Promise<Measured<T>> {
  let calls = 1;
  let result: T | undefined;
  if (warmup) {
    const t0 = performance.now();
    result = fn();
    calls = Math.max(1, Math.ceil(MIN_SAMPLE_MS / Math.max(performance.now() - t0, 0.01)));
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) result = fn();
    wall.push((performance.now() - t0) / calls);
    const u = process.cpuUsage(c0);
    cpu.push((u.user + u.system) / 1000 / calls);
  }
  const median = (a: number[]): number => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { wallMs: median(wall), cpuMs: median(cpu), result: result as T };
}

/** Largest |ours − python| over the pairs Python computed. */
function maxDiff(matrix: Float64Array, n: number, values: PairTiming['values']): number {
  let d = 0;
  for (const [i, j, v] of values ?? []) d = Math.max(d, Math.abs(matrix[i * n + j] - v));
  return d;
}

const PYTHON_PAIRS = 40;
const CPU_IMPL = `cpu (TS, Node ${process.version})`;
const pairsOf = (n: number): number => (n * (n - 1)) / 2;
const slice = (s: SliceStack, k: number): Uint8Array => s.pixels.subarray(k * s.rows * s.cols, (k + 1) * s.rows * s.cols);

/** Minimal .npy v1 writer for a uint8 (n, rows, cols) array. */
export function writeNpyU8(path: string, s: SliceStack): void {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${s.n}, ${s.rows}, ${s.cols}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  head.set(new TextEncoder().encode(header), 10);
  writeFileSync(path, Buffer.concat([head, s.pixels]));
}

/** A python3 that imports scikit-image and Pillow, if any. */
function findPython(): string | undefined {
  for (const exe of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(exe, ['-c', 'import skimage, PIL, scipy'], { encoding: 'utf8' });
    if (r.status === 0) return exe;
  }
  return undefined;
}

function pythonTiming(python: string, s: SliceStack, log: (l: string) => void): PythonTiming | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'ctsieve-bench-'));
  try {
    const npy = join(dir, 'stack.npy');
    writeNpyU8(npy, s);
    const script = join(repoRoot, 'bench/python/reference_timing.py');
    log(`${python} ${script}: scikit-image ${PYTHON_PAIRS} pairs per method, Pillow dHash on every slice…`);
    const r = spawnSync(python, [script, npy, '--pairs', String(PYTHON_PAIRS)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      log(`python reference timing failed: ${r.stderr.trim().split('\n').at(-1)}`);
      return undefined;
    }
    return JSON.parse(r.stdout) as PythonTiming;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One result row: `ms` is wall time; rates and ratios use CPU time. */
function row(name: string, impl: string, input: Input, t: Timing, units: Record<string, number>, extra: Record<string, number | string> = {}): BenchRow {
  const metrics: Record<string, number | string> = { 'cpu ms': t.cpuMs };
  for (const [unit, count] of Object.entries(units)) metrics[`${unit}/cpu-s`] = (1000 * count) / t.cpuMs;
  return { name, impl, input: input.label, ms: t.wallMs, metrics: { ...metrics, ...extra } };
}

async function benchInput(input: Input, python: string | undefined, log: (l: string) => void): Promise<BenchRow[]> {
  const { stack, repeats } = input;
  const { n, rows, cols } = stack;
  const pairs = pairsOf(n);
  log(`${input.label}: CPU reference…`);
  // HASH steps are cheap: always warm up and take the median of 5.
  const hash = await measure(() => { for (let k = 0; k < n; k++) dhashBits(slice(stack, k), rows, cols); }, 5);
  const resizeOnly = await measure(() => { for (let k = 0; k < n; k++) resizeLanczosU8(slice(stack, k), cols, rows, 9, 8); }, 5);
  const bits = Array.from({ length: n }, (_, k) => dhashBits(slice(stack, k), rows, cols));
  const hamming = await measure(() => hammingMatrixCpu(bits), 5);
  // SSIM and NMI on `pairStack` (all slices, or the first pairSlices), scaled to every pair i<j.
  const pairStack = input.pairSlices ? firstSlices(stack, input.pairSlices) : stack;
  const scale = pairs / pairsOf(pairStack.n);
  const scaled = <T>(t: Measured<T>): Measured<T> => ({ ...t, wallMs: t.wallMs * scale, cpuMs: t.cpuMs * scale });
  if (input.pairSlices) log(`SSIM and NMI timed on the first ${pairStack.n} slices (${pairsOf(pairStack.n)} pairs), extrapolated ×${scale.toFixed(0)} to ${pairs} pairs`);
  const ssim = scaled(await measure(() => ssimMatrixCpu(pairStack), repeats, repeats > 1));
  const nmi = scaled(await measure(() => nmiMatrixCpu(pairStack), repeats, repeats > 1));
  const py = python ? pythonTiming(python, pairStack, log) : undefined;
  if (py) {
    const m = pairStack.n;
    const hexMismatches = py.dhash.hex.filter((h, k) => dhashHex(bits[k]) !== h).length;
    log(`agreement with the Python libraries on these slices: dHash ${m - hexMismatches}/${m} identical, ` +
      `SSIM max |Δ| ${maxDiff(ssim.result, m, py.ssim.values).toExponential(1)}, NMI max |Δ| ${maxDiff(nmi.result, m, py.nmi.values).toExponential(1)} (${py.ssim.pairs} pairs)`);
  }
  const speedup = (pyCpuMsPerUnit: number | undefined, ourCpuMsPerUnit: number): Record<string, number> =>
    pyCpuMsPerUnit === undefined ? {} : { '× python (cpu)': pyCpuMsPerUnit / ourCpuMsPerUnit };

  const extrapolated = input.pairSlices ? `timed on ${pairStack.n} slices, extrapolated per pair to ${pairs} pairs` : undefined;
  const out: BenchRow[] = [
    row('dhash (resize + bits)', CPU_IMPL, input, hash, { slices: n }, speedup(py?.dhash.cpu_ms_per_slice, hash.cpuMs / n)),
    row('LANCZOS 9×8 resize, coefficients per call', CPU_IMPL, input, resizeOnly, { slices: n }, speedup(py?.dhash.cpu_ms_per_slice, resizeOnly.cpuMs / n)),
    row('hamming matrix', CPU_IMPL, input, hamming, { pairs }, speedup(py?.hamming.cpu_ms_per_pair, hamming.cpuMs / pairs)),
    { ...row('ssim matrix', CPU_IMPL, input, ssim, { slices: n, pairs }, speedup(py?.ssim.cpu_ms_per_pair, ssim.cpuMs / pairs)), note: extrapolated },
    { ...row('nmi matrix', CPU_IMPL, input, nmi, { slices: n, pairs }, speedup(py?.nmi.cpu_ms_per_pair, nmi.cpuMs / pairs)), note: extrapolated },
  ];
  if (!py) {
    log('no python3 with scikit-image + Pillow: reference-library timings skipped');
    return out;
  }
  const v = py.versions;
  const perPair = (t: PairTiming): Timing => ({ wallMs: t.ms_per_pair * pairs, cpuMs: t.cpu_ms_per_pair * pairs });
  const note = (t: PairTiming): string => `${t.pairs} pairs timed, extrapolated to ${pairs} pairs i<j`;
  out.push(
    row('dhash (imagehash steps)', `Pillow ${v.Pillow}`, input, { wallMs: py.dhash.seconds * 1000, cpuMs: py.dhash.cpu_seconds * 1000 }, { slices: py.dhash.slices }),
    row('hamming matrix', `numpy ${v.numpy}`, input, perPair(py.hamming), { pairs }),
    { ...row('ssim matrix', `scikit-image ${v['scikit-image']}`, input, perPair(py.ssim), { slices: n, pairs }), note: note(py.ssim) },
    { ...row('nmi matrix', `scikit-image ${v['scikit-image']}`, input, perPair(py.nmi), { slices: n, pairs }), note: note(py.nmi) },
  );
  return out;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const python = findPython();
  const golden = readReferencePngStack();
  const head = headCtStack(ctx.quick ? 32 : Infinity);
  const big: Input = head
    ? { label: `head CT ${head.n}×${head.rows}×${head.cols}`, stack: head, repeats: 1 }
    : { label: `golden upsampled 2× ${golden.n}×256×256`, stack: upsampled2x(golden), repeats: 1 };
  const inputs: Input[] = [{ label: `golden ${golden.n}×${golden.rows}×${golden.cols}`, stack: golden, repeats: ctx.quick ? 1 : 3 }, big];
  if (head) {
    const n = ctx.quick ? 120 : 600;
    inputs.push({ label: `head CT → ${n}×512×512`, stack: largeStack(headCtStack(Infinity) ?? head, n), repeats: 1, pairSlices: ctx.quick ? 8 : 16 });
  }
  const rows: BenchRow[] = [];
  for (const input of inputs) rows.push(...(await benchInput(input, python, ctx.log)));
  return rows;
}
