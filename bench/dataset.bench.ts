/**
 * Dataset benchmark (issue 14 item 6).
 *   1. One 600 × 512² int16 .nii.gz (quick: 60 slices), HASH greedy T=6 on the CPU, in this process:
 *      wall time and slices/s through core's pipeline (load with the conversion overlapped, score,
 *      reduce, hash), with the stage times; and the 8-bit conversion alone, lookup table vs the
 *      per-voxel mapping.
 *   2. `ctsieve dataset reduce` as a user runs it (the built `ctsieve` bin, dist-cli, in a child
 *      process, worker threads on every core) over 4 and 8 such volumes (quick: 60 slices each):
 *      end-to-end slices/s, and the steady rate (the 4 extra volumes' slices over their extra wall
 *      and CPU time: process and worker start-up cancel out), which projects to the paper's 541,439
 *      slices. Once with int16 stored as is, once as CT often comes (dcm2niix keeps DICOM's rescale):
 *      raw + 1024 with scl_slope 1, scl_inter -1024.
 *   3. `dataset reduce` over one 600-file DICOM series of the same volume.
 *   4. Memory as the dataset grows: `dataset reduce` over 100 and 1,000 small synthetic volumes
 *      (16 × 64², quick: 50 and 200), peak RSS of the whole process (all threads) sampled from /proc.
 * CPU seconds (user + system, all threads: zlib's and the workers' included) are given beside wall
 * time: on a shared machine they say more. With CTSIEVE_BENCH_BASELINE=<a checkout of an older
 * commit, with node_modules> the CLI rows also run that checkout, alternating with this one
 * (twice each), so before and after are measured in the same minutes (through its built CLI when it
 * has scripts/build-cli.mjs, else through tsx).
 * Volumes are CT-like (a body ellipse with a bone rim, smooth tissue, ±20 HU seeded noise) so gzip
 * works about as hard as on real CT.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { allOnSlice, StreamingConverter, StreamingHasher, reduceVolume } from '../src/core/pipeline';
import { CPU_REFERENCE } from '../src/core/similarity';
import { toUint8Slice } from '../src/core/preprocess/toUint8';
import { seededRandom } from '../src/core/testing/seededRandom';
import { loadVolume, discoverVolumes } from '../src/core/volume';
import { nodeGunzip, nodeInputFile, nodeSha256, reusedBufferGunzip } from '../src/cli/io';
import { discoveredSource, reduceStreamedHash } from '../src/cli/streamedHash';
import type { BenchContext, BenchRow } from './lib';
import { dicomSlice } from './ingest.bench';

const PAPER_SLICES = 541_439;
const repo = fileURLToPath(new URL('..', import.meta.url));
const baseline = process.env.CTSIEVE_BENCH_BASELINE;
const CLK_TCK = 100; // /proc/<pid>/stat times are in clock ticks (100 per second on Linux)

function ctVolume(slices: number, rows: number, cols: number, seed: number): Int16Array {
  const rand = seededRandom(seed);
  const out = new Int16Array(slices * rows * cols);
  for (let k = 0; k < slices; k++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = (c - cols / 2) / (cols * 0.42);
        const y = (r - rows / 2) / (rows * 0.33);
        const d = x * x + y * y;
        const base = d > 1 ? -1000 : d > 0.85 ? 700 : 40 + 30 * Math.sin((r + 3 * k) / 9) * Math.cos(c / 13);
        out[(k * rows + r) * cols + c] = Math.round(base + (rand() - 0.5) * 40);
      }
    }
  }
  return out;
}

/** A .nii.gz of int16 `voxels`; with `rescaled`, stored as raw + 1024 under scl_inter -1024 (same HU). */
function niftiGz(voxels: Int16Array, slices: number, rows: number, cols: number, rescaled = false): Uint8Array {
  const h = new DataView(new ArrayBuffer(352));
  h.setInt32(0, 348, true);
  [3, cols, rows, slices, 1, 1, 1, 1].forEach((d, i) => h.setInt16(40 + 2 * i, d, true));
  h.setInt16(70, 4, true);
  h.setInt16(72, 16, true);
  [1, 0.7, 0.7, 1.25].forEach((p, i) => h.setFloat32(76 + 4 * i, p, true));
  h.setFloat32(108, 352, true);
  h.setFloat32(112, 1, true);
  if (rescaled) h.setFloat32(116, -1024, true);
  new Uint8Array(h.buffer).set(new TextEncoder().encode('n+1\0'), 344);
  const stored = rescaled ? voxels.map((v) => v + 1024) : voxels;
  const file = new Uint8Array(352 + stored.byteLength);
  file.set(new Uint8Array(h.buffer));
  file.set(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength), 352);
  return gzipSync(file, { level: 6 });
}

const HASH = { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 6 } as const;

async function oneVolume(path: string, size: number): Promise<{ ms: number; t: Record<string, number>; slices: number }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const [entry] = (await discoverVolumes([nodeInputFile(path, 'v.nii.gz', size)])).volumes;
  const converter = new StreamingConverter();
  const hasher = new StreamingHasher(nodeSha256);
  const { volume } = await loadVolume(entry, { memoryBudgetBytes: 2 ** 31, onSlice: allOnSlice(converter.onSlice, hasher.onSlice), gunzip: nodeGunzip });
  const readMs = performance.now() - t0;
  const r = await reduceVolume(volume, { params: HASH, compute: { backend: CPU_REFERENCE }, converted: converter.take(volume), voxelSha256: hasher.take(volume) });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { ms, slices: volume.slices, t: { 'CPU s': cpuSeconds, 'slices per CPU-s': volume.slices / cpuSeconds, 'read+convert+hash s': readMs / 1000, 'score s': r.timings.scoreSeconds, 'reduce s': r.timings.reduceSeconds } };
}

/** One volume the way a dataset worker reduces HASH on NIfTI: streamed, no voxels kept, reused-buffer gunzip. */
async function oneVolumeStreamed(path: string, size: number): Promise<{ ms: number; t: Record<string, number> }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const [entry] = (await discoverVolumes([nodeInputFile(path, 'v.nii.gz', size)])).volumes;
  const r = await reduceStreamedHash(discoveredSource(entry), { run: { params: HASH, backend: 'cpu' }, label: ({ name }) => ({ id: 'v', name }), source: 'v.nii.gz', gunzip: reusedBufferGunzip });
  if (!r) throw new Error('bench: the streamed path did not apply');
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { ms, t: { 'CPU s': cpuSeconds, 'slices per CPU-s': r.reduced.result.n / cpuSeconds, 'read+convert+hash s': r.reduced.timings.convertSeconds, 'score s': r.reduced.timings.scoreSeconds } };
}

function conversionMs(voxels: Int16Array, slices: number, len: number): { table: number; direct: number } {
  const out = new Uint8Array(len);
  const n = Math.min(slices, 60);
  let t = performance.now();
  for (let k = 0; k < n; k++) toUint8Slice(voxels.subarray(k * len, (k + 1) * len), out);
  const table = (performance.now() - t) / n;
  const f = new Float32Array(len);
  let direct = 0;
  for (let k = 0; k < n; k++) {
    f.set(voxels.subarray(k * len, (k + 1) * len));
    t = performance.now();
    toUint8Slice(f, out);
    direct += performance.now() - t;
  }
  return { table, direct: direct / n };
}

interface CliRun {
  ms: number;
  peakMiB: number;
  /** User + system CPU seconds of all its threads, from /proc (last sample ≤ 20 ms before exit). */
  cpuSeconds: number;
  stderr: string;
}

/** How to start checkout `root`'s CLI: its built bin (built now, esbuild: well under a second), else src through tsx. */
function cliCommand(root: string): string[] {
  if (!existsSync(join(root, 'scripts/build-cli.mjs'))) return ['--import', 'tsx', join(root, 'src/cli/main.ts')];
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, stdio: 'ignore' });
  return [join(root, 'dist-cli/ctsieve.js')];
}
const cliCommands = new Map<string, string[]>();

/** Runs the CLI of checkout `root`; resolves with wall ms, peak RSS (MiB) and CPU seconds sampled every 20 ms from /proc. */
function runCli(args: string[], root = repo): Promise<CliRun> {
  if (!cliCommands.has(root)) cliCommands.set(root, cliCommand(root));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...cliCommands.get(root)!, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    let cpuSeconds = 0;
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
        // Fields after the command name: utime and stime are the 12th and 13th.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        cpuSeconds = (Number(stat[11]) + Number(stat[12])) / CLK_TCK;
      } catch {
        // the process has ended
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`ctsieve ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      else resolve({ ms: performance.now() - t0, peakMiB: peak, cpuSeconds, stderr });
    });
  });
}

/** `args` on this checkout and (when set) the baseline, alternating, twice each; the faster run of each. */
async function sideBySide(args: (run: number) => string[]): Promise<{ now: CliRun; before?: CliRun }> {
  const best = (a: CliRun | undefined, b: CliRun): CliRun => (a && a.ms <= b.ms ? a : b);
  let now: CliRun | undefined;
  let before: CliRun | undefined;
  for (let i = 0; i < 2; i++) {
    now = best(now, await runCli(args(2 * i)));
    if (baseline) before = best(before, await runCli(args(2 * i + 1), baseline));
  }
  return { now: now!, before };
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'ctsieve-bench-dataset-'));
  const slices = ctx.quick ? 60 : 600;
  const R = 512;
  try {
    ctx.log(`generating ${slices} × ${R}² int16 .nii.gz volumes …`);
    // One volume, linked under several names (the same work each; generating is slow).
    const voxels = ctVolume(slices, R, R, 1000);
    const variants = { 'int16 as is': niftiGz(voxels, slices, R, R), 'raw + 1024, scl_inter -1024': niftiGz(voxels, slices, R, R, true) };
    const c = conversionMs(voxels, slices, R * R);
    rows.push({ name: '8-bit conversion (minmax)', impl: 'per-slice lookup table', input: `${R}² int16 slice`, ms: c.table, metrics: { 'slices/s': 1000 / c.table, 'vs per-voxel': c.direct / c.table } });
    rows.push({ name: '8-bit conversion (minmax)', impl: 'per-voxel mapping (before)', input: `${R}² int16 slice`, ms: c.direct, metrics: { 'slices/s': 1000 / c.direct } });
    const flags = ['--method', 'hash', '--threshold', '6', '--backend', 'cpu'];
    for (const [variant, gz] of Object.entries(variants)) {
      const file = join(dir, `${rows.length}.nii.gz`);
      writeFileSync(file, gz);
      ctx.log(`${variant}: ${(gz.length / 2 ** 20).toFixed(0)} MiB gzipped`);
      const input = `${slices} × ${R}² .nii.gz (${variant})`;
      const whole = await oneVolume(file, gz.length);
      rows.push({ name: 'HASH end to end, one volume, one thread', impl: 'whole read (core pipeline, cpu)', input, ms: whole.ms, metrics: { 'slices/s': (1000 * whole.slices) / whole.ms, ...whole.t } });
      const streamed = await oneVolumeStreamed(file, gz.length);
      rows.push({ name: 'HASH end to end, one volume, one thread', impl: 'streamed (a dataset worker\'s path)', input, ms: streamed.ms, metrics: { 'slices/s': (1000 * slices) / streamed.ms, ...streamed.t } });
      const reduce = await sideBySide((i) => ['reduce', file, ...flags, '--out', join(dir, `m${i}.json`)]);
      for (const [which, r] of [['this commit', reduce.now], ['baseline', reduce.before]] as const) {
        if (!r) continue;
        rows.push({
          name: 'HASH end to end, reduce (CLI), one volume', impl: `${which} (cpu, default threads)`, input, ms: r.ms,
          metrics: { 'slices/s': (1000 * slices) / r.ms, 'CPU s': r.cpuSeconds, 'slices per CPU-s': slices / r.cpuSeconds, 'peak RSS MiB': r.peakMiB },
          note: 'the faster of two runs; process start included',
        });
      }
      rows.push(...(await datasetRows(dir, file, slices, input, flags)));
    }
    rows.push(...(await dicomRows(dir, voxels, slices, R, flags)));
    rows.push(...(await memoryRows(dir, ctx, flags)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** A tree of `count` links to `file`. */
function linkedTree(dir: string, file: string, count: number): string {
  const tree = mkdtempSync(join(dir, `tree${count}-`));
  for (let i = 0; i < count; i++) linkSync(file, join(tree, `ct_${i}.nii.gz`));
  return tree;
}

/**
 * `dataset reduce` over 4 and over 8 volumes: each run whole (start-up included), and the steady
 * rate from the difference (4 volumes' slices over the extra wall and CPU time), which is what
 * scales to the paper's dataset.
 */
async function datasetRows(dir: string, file: string, slices: number, input: string, flags: string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const runs = new Map<number, { now: CliRun; before?: CliRun }>();
  for (const count of [4, 8]) {
    const tree = linkedTree(dir, file, count);
    runs.set(count, await sideBySide((i) => ['dataset', 'reduce', tree, ...flags, '--out-dir', join(dir, `out-${count}-${i}-${performance.now()}`)]));
  }
  for (const which of ['now', 'before'] as const) {
    const [four, eight] = [runs.get(4)![which], runs.get(8)![which]];
    if (!four || !eight) continue;
    const label = which === 'now' ? 'this commit' : 'baseline';
    const workers = /(\d+) worker thread/.exec(eight.stderr)?.[1] ?? '?';
    rows.push({
      name: 'HASH end to end, dataset reduce (CLI)', impl: `${label}: ${workers} worker threads (cpu)`, input: `8 × ${input}`, ms: eight.ms,
      metrics: { 'slices/s': (1000 * 8 * slices) / eight.ms, 'CPU s': eight.cpuSeconds, 'slices per CPU-s': (8 * slices) / eight.cpuSeconds, 'peak RSS MiB': eight.peakMiB },
      note: 'the faster of two runs; wall time of the whole command, process and worker start included',
    });
    const extra = 4 * slices;
    const rate = extra / ((eight.ms - four.ms) / 1000);
    const perCpu = extra / (eight.cpuSeconds - four.cpuSeconds);
    rows.push({
      name: 'HASH steady rate, dataset reduce (CLI)', impl: `${label}: 8 − 4 volumes`, input, ms: eight.ms - four.ms,
      metrics: {
        'slices/s': rate, 'projected 541,439 slices, min': PAPER_SLICES / rate / 60, 'slices per CPU-s': perCpu,
        'idle 2 cores: slices/s': 2 * perCpu, 'idle 2 cores: projected 541,439 slices, min': PAPER_SLICES / (2 * perCpu) / 60,
      },
      note: 'start-up cancels out: the 4 extra volumes over the extra wall and CPU time',
    });
  }
  return rows;
}

/** `dataset reduce` over one DICOM series (one file per slice, explicit VR LE): a single volume, so start-up is included. */
async function dicomRows(dir: string, voxels: Int16Array, slices: number, R: number, flags: string[]): Promise<BenchRow[]> {
  const tree = join(dir, 'dicom');
  mkdirSync(join(tree, 'series'), { recursive: true });
  for (let k = 0; k < slices; k++) writeFileSync(join(tree, 'series', `IM${String(k + 1).padStart(4, '0')}.dcm`), dicomSlice(k, voxels.subarray(k * R * R, (k + 1) * R * R)));
  const runs = await sideBySide((i) => ['dataset', 'reduce', tree, ...flags, '--out-dir', join(dir, `out-dicom-${i}-${performance.now()}`)]);
  return ([['this commit', runs.now], ['baseline', runs.before]] as const).flatMap(([which, r]) =>
    r
      ? [{
          name: 'HASH end to end, dataset reduce (CLI)', impl: `${which} (cpu)`, input: `one DICOM series, ${slices} files of ${R}²`, ms: r.ms,
          metrics: { 'slices/s': (1000 * slices) / r.ms, 'CPU s': r.cpuSeconds, 'slices per CPU-s': slices / r.cpuSeconds, 'peak RSS MiB': r.peakMiB },
          note: 'the faster of two runs; one volume runs in the main thread; process start included',
        }]
      : [],
  );
}

/** Memory as the dataset grows: 100 and 1,000 small volumes (quick: 50 and 200). */
async function memoryRows(dir: string, ctx: BenchContext, flags: string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const count of ctx.quick ? [50, 200] : [100, 1000]) {
    const small = join(dir, `small-${count}`);
    mkdirSync(small);
    const gz = niftiGz(ctVolume(16, 64, 64, 7), 16, 64, 64);
    for (let i = 0; i < count; i++) writeFileSync(join(small, `v${String(i).padStart(4, '0')}.nii.gz`), gz);
    const r = await runCli(['dataset', 'reduce', small, ...flags, '--out-dir', join(dir, `out-${count}`)]);
    rows.push({ name: 'memory as the dataset grows', impl: 'dataset reduce (CLI)', input: `${count} × 16 × 64² .nii.gz`, ms: r.ms, metrics: { 'peak RSS MiB': r.peakMiB, 'volumes/s': (1000 * count) / r.ms } });
    ctx.log(`${count} volumes: peak RSS ${r.peakMiB.toFixed(0)} MiB in ${(r.ms / 1000).toFixed(1)} s`);
  }
  return rows;
}
