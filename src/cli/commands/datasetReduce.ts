/**
 * `ctsieve dataset reduce <root> <reduce flags> [--shard k/N] [--jobs N] --out-dir DIR`
 *
 * Discovers every volume under <root> (DICOM series at any depth, NIfTI, .npy, PNG slice folders),
 * takes this shard's share (volume i when i mod N = k; --shard, else Slurm's or Kubernetes'
 * environment), and reduces each volume with `reduce`'s flags on worker threads (every core, or
 * --jobs, within CTSIEVE_MEMORY_BUDGET_MB), one result per volume written atomically to
 * DIR/results. A volume whose result exists with the same voxelSha256 and parameters is skipped.
 * A bad volume is reported by name and the others go on; the exit status is 1 when any failed.
 */
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { describeShard, paramsKey, parseShard, shardFromEnv, shardItems, type RunParams, type Shard } from '../../core/dataset';
import { parseReduceArgs, type ReduceArgs } from '../reduceArgs';
import { cliMemoryBudgetBytes } from '../input';
import { CliError } from '../errors';
import { runJobs } from '../dataset/pool';
import { printOutcome, progressLine, summaryOf, type ShardSummary } from '../dataset/progress';
import { writeAtomic, writeVolumesList } from '../dataset/store';
import { discoverTree, type TreeVolume } from '../dataset/tree';
import type { JobOutcome, VolumeJob } from '../dataset/job';
import { checkModelPath } from '../model';
import { prepareWebgpu } from '../scores';
import type { BackendRequest } from '../../core/backend';
import { settleBackend } from '../../core/runtime/settleBackend';

const OWN = ['--shard', '--out-dir', '--jobs'] as const;
type Own = (typeof OWN)[number];

/** Takes this command's own flags out of argv; the rest are `reduce`'s. */
export function takeOwnFlags(args: string[]): { own: Partial<Record<Own, string>>; rest: string[] } {
  const own: Partial<Record<Own, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    if (!(OWN as readonly string[]).includes(name)) {
      rest.push(args[i]);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new CliError(`dataset reduce: ${name} needs a value`);
    if (own[name as Own] !== undefined) throw new CliError(`dataset reduce: ${name} given twice`);
    own[name as Own] = value;
  }
  return { own, rest };
}

export interface DatasetReduceArgs {
  reduce: ReduceArgs;
  outDir: string;
  shard: Shard;
  jobs?: number;
}

export function parseDatasetReduceArgs(args: string[], env: Record<string, string | undefined> = process.env): DatasetReduceArgs {
  const { own, rest } = takeOwnFlags(args);
  const reduce = parseReduceArgs(rest); // reduce's own checks (messages say "reduce:")
  if (reduce.out !== undefined) throw new CliError('dataset reduce: --out is for one volume; give --out-dir DIR (one result per volume), then `dataset merge DIR --out F.json`');
  if (reduce.series !== undefined) throw new CliError('dataset reduce: --series does not apply: every series found under the root is a volume');
  if (own['--out-dir'] === undefined) throw new CliError('dataset reduce: --out-dir DIR is required');
  let shard: Shard;
  try {
    shard = own['--shard'] !== undefined ? parseShard(own['--shard']) : shardFromEnv(env);
  } catch (err) {
    throw new CliError(`dataset reduce: ${(err as Error).message}`);
  }
  const jobs = own['--jobs'] === undefined ? undefined : Number(own['--jobs']);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new CliError(`dataset reduce: --jobs '${own['--jobs']}' is not a whole number ≥ 1`);
  return { reduce, outDir: own['--out-dir'], shard, jobs };
}

export function runParamsOf(r: ReduceArgs): RunParams {
  return {
    params: r.params,
    conversion: { kind: 'minmax' },
    ...(r.model?.model ? { model: { path: r.model.model, options: { ...r.model.options } } } : {}),
  };
}

/** Bytes one volume needs while it is reduced: voxels (≤ 4 B) + 8-bit copy + the n×n float64 matrix and walk. */
export function estimateVolumeBytes(v: TreeVolume): number {
  if (v.slices !== undefined && v.rows !== undefined && v.cols !== undefined) return v.slices * v.rows * v.cols * 5 + v.slices * v.slices * 16;
  // NIfTI/npy: sizes are not read at discovery; a .gz file is assumed to inflate 4×.
  const raw = /\.gz$/i.test(v.files[0]?.path ?? '') ? v.bytes * 4 : v.bytes;
  return raw * 2.5;
}

/** Worker threads: every core (Slurm: the task's CPUs), at most --jobs, fewer when the largest volume would not fit the budget. */
export function workerCount(volumes: TreeVolume[], budget: number, jobs: number | undefined, env: Record<string, string | undefined>): number {
  const cores = Number(env.SLURM_CPUS_PER_TASK) || availableParallelism();
  const largest = Math.max(1, ...volumes.map(estimateVolumeBytes));
  return Math.max(1, Math.min(jobs ?? cores, volumes.length, Math.floor(budget / largest)));
}

/**
 * The backend every worker thread is given, settled here once so that no thread probes a GPU on its
 * own (a worker's process.env is its own copy, so Dawn there finds no Vulkan driver and prints the
 * drivers' noise). `auto` for ALL, EveryN and HASH is the CPU without any probe: ALL/EveryN score
 * nothing, and a dataset's HASH streams each volume through the CPU dHash (../streamedHash.ts),
 * where the n×n Hamming distances cost far less than reading the file. SSIM, NMI and DeepNet settle
 * `auto` here (hardware WebGPU, else wasm) and the threads take what it settled on.
 */
export async function workerBackend(reduce: Pick<ReduceArgs, 'backend' | 'params'>): Promise<BackendRequest> {
  if (reduce.backend !== 'auto') return reduce.backend;
  if (!['ssim', 'nmi', 'deepnet'].includes(reduce.params.method)) return 'cpu';
  await prepareWebgpu('dataset reduce', 'auto');
  await import('@tensorflow/tfjs-backend-wasm');
  return (await settleBackend('auto')).name;
}

/** Files under the root that no reader takes: the first few named, the rest counted (all are in DIR/volumes.json). */
function reportSkipped(skipped: { reason: string }[]): void {
  for (const s of skipped.slice(0, 3)) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
  if (skipped.length > 3) process.stderr.write(`ctsieve: … and ${skipped.length - 3} more file(s) skipped (listed in volumes.json)\n`);
}

/** The one message of a run stopped by a full disk: what was written, and that the same command continues. */
export function diskFullMessage(full: JobOutcome, outcomes: JobOutcome[], total: number, outDir: string): string {
  const reduced = outcomes.filter((o) => o.status === 'reduced').length;
  const skipped = outcomes.filter((o) => o.status === 'skipped').length;
  const left = total - reduced - skipped;
  return [
    `ctsieve: dataset reduce: the disk is full (ENOSPC) writing the result of ${full.key} under ${outDir}: stopped.`,
    `${reduced} result(s) written in this run${skipped ? `, ${skipped} already there` : ''} (${reduced + skipped} of ${total} volumes done);`,
    `free some space and run the same command again: it keeps the results written and continues with the ${left} volume(s) left.`,
  ].join(' ');
}

export default async function datasetReduce(args: string[]): Promise<number> {
  const { reduce, outDir, shard, jobs } = parseDatasetReduceArgs(args);
  await checkModelPath(reduce.model);
  const started = performance.now();
  const tree = await discoverTree(reduce.input);
  if (!tree.volumes.length) throw new CliError(`dataset reduce: no volume found under ${reduce.input} (${tree.skipped.length} file(s) skipped${tree.skipped[0] ? `, e.g. ${tree.skipped[0].reason}` : ''})`);
  await writeVolumesList(outDir, tree);
  reportSkipped(tree.skipped);
  const mine = shardItems(tree.volumes, shard);
  const budget = cliMemoryBudgetBytes();
  const workers = workerCount(mine, budget, jobs, process.env);
  const shardLabel = `${shard.index}/${shard.count}`;
  const mib = (b: number): string => `${Math.round(b / 2 ** 20)} MiB`;
  process.stderr.write(`ctsieve: dataset reduce: ${tree.volumes.length} volume(s) under ${reduce.input}; ${describeShard(shard)} on ${process.env.SLURMD_NODENAME ?? hostname()}: ${mine.length} volume(s), ${workers} worker thread(s), memory budget ${mib(budget)} (${mib(budget / workers)} per volume)\n`);
  const key = paramsKey(runParamsOf(reduce));
  const run = { params: reduce.params, backend: await workerBackend(reduce), memoryBudgetBytes: reduce.memoryBudgetBytes, model: reduce.model };
  const jobList: VolumeJob[] = mine.map((volume) => ({ root: reduce.input, outDir, volume, run, paramsKey: key, readBudgetBytes: budget / workers, shard: shardLabel }));
  const totalBytes = mine.reduce((s, v) => s + v.bytes, 0);
  const tick = progressLine(`shard ${shardLabel}`, mine.length, totalBytes);
  const outcomes = await runJobs(jobList, workers, (o) => {
    printOutcome(o);
    tick(o);
  });
  const full = outcomes.find((o) => o.diskFull);
  if (full) {
    process.stderr.write(`${diskFullMessage(full, outcomes, mine.length, outDir)}\n`);
    return 1;
  }
  const summary: ShardSummary = summaryOf(shard, outcomes, (performance.now() - started) / 1000, workers);
  await writeAtomic(join(outDir, 'logs', `shard-${shard.index}-of-${shard.count}.json`), `${JSON.stringify({ ...summary, node: process.env.SLURMD_NODENAME ?? hostname() }, null, 1)}\n`);
  process.stderr.write(`${summary.text}\n`);
  return summary.failed.length ? 1 : 0;
}
