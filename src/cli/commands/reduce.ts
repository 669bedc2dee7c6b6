/**
 * `ctsieve reduce <input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]
 *                 (--threshold T | --keep-fraction F | --every N) [--drop later|earlier]
 *                 [--backend auto|webgpu|cpu] [--out manifest.json] [--series UID]`
 *
 * Reads one volume, makes it 8-bit (PNG input as is, else per-slice min/max), scores every pair with
 * the chosen method, reduces, and writes the manifest (DESIGN.md "Manifest (v1)") to --out or stdout.
 * --threshold is the method's own unit: max Hamming distance for hash, min similarity otherwise.
 */
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { buildManifest, serializeManifest, type ManifestConversion } from '../../core/manifest';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { alikeThreshold, reduce, validateParams, type ReductionMethod, type ReductionParams } from '../../core/reduction';
import { computeSimilarity } from '../../core/similarity';
import type { BackendRequest, MethodName } from '../../core/similarity/types';
import { voxelSha256, type Volume } from '../../core/volume';
import { CliError } from '../run';
import { readOneVolume } from './info';

const METHODS = ['all', 'everyn', 'hash', 'ssim', 'nmi', 'deepnet'] as const;
const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
const OPTIONS = ['--method', '--algorithm', '--threshold', '--keep-fraction', '--every', '--drop', '--backend', '--out', '--series'] as const;
type Option = (typeof OPTIONS)[number];

export interface ReduceArgs {
  input: string;
  params: ReductionParams;
  backend: BackendRequest;
  out?: string;
  series?: string;
}

/** argv → options (both `--opt value` and `--opt=value`); a CliError names any bad option. */
function readOptions(args: string[]): { input: string; opts: Partial<Record<Option, string>> } {
  const opts: Partial<Record<Option, string>> = {};
  let input: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      if (input !== undefined) throw new CliError(`reduce: one input expected, got '${input}' and '${a}'`);
      input = a;
      continue;
    }
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (!(OPTIONS as readonly string[]).includes(name)) throw new CliError(`reduce: unknown option '${name}' (expected ${OPTIONS.join(', ')})`);
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new CliError(`reduce: ${name} needs a value`);
    if (opts[name as Option] !== undefined) throw new CliError(`reduce: ${name} given twice`);
    opts[name as Option] = value;
  }
  if (input === undefined) throw new CliError('reduce: missing <input> (a DICOM folder, a .nii/.nii.gz file or a folder of PNG slices)');
  return { input, opts };
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`reduce: ${option} '${value}' is not one of ${allowed.join(', ')}`);
  return value as T;
}

function number(option: string, value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new CliError(`reduce: ${option} '${value}' is not a number`);
  return x;
}

/** Builds and checks the reduction parameters from the options. */
export function parseReduceArgs(args: string[]): ReduceArgs {
  const { input, opts } = readOptions(args);
  if (opts['--method'] === undefined) throw new CliError(`reduce: --method is required (${METHODS.join('|')})`);
  const method: ReductionMethod = oneOf('--method', opts['--method'], METHODS);
  const backend = oneOf('--backend', opts['--backend'] ?? 'auto', BACKENDS);
  const stops = (['--threshold', '--keep-fraction', '--every'] as const).filter((o) => opts[o] !== undefined);
  if (stops.length > 1) throw new CliError(`reduce: give only one of --threshold, --keep-fraction, --every (got ${stops.join(' and ')})`);
  const params = paramsFor(method, opts, stops[0]);
  try {
    validateParams(params); // fails before any file is read
  } catch (err) {
    throw new CliError(`reduce: ${(err as Error).message}`);
  }
  return { input, params, backend, out: opts['--out'], series: opts['--series'] };
}

function paramsFor(method: ReductionMethod, opts: Partial<Record<Option, string>>, stop: '--threshold' | '--keep-fraction' | '--every' | undefined): ReductionParams {
  const baseline = method === 'all' || method === 'everyn';
  for (const o of ['--algorithm', '--drop'] as const) {
    if (baseline && opts[o] !== undefined) throw new CliError(`reduce: ${o} applies to hash, ssim, nmi and deepnet, not to ${method}`);
  }
  if (method === 'all') {
    if (stop) throw new CliError(`reduce: --method all keeps every slice; ${stop} does not apply`);
    return { method };
  }
  if (method === 'everyn') {
    if (stop !== '--every') throw new CliError('reduce: --method everyn needs --every N');
    return { method, every: number('--every', opts['--every'] as string) };
  }
  if (stop === undefined || stop === '--every') throw new CliError(`reduce: --method ${method} needs --threshold T or --keep-fraction F`);
  const algorithm = oneOf('--algorithm', opts['--algorithm'] ?? 'greedy', ['greedy', 'leader'] as const);
  const drop = oneOf('--drop', opts['--drop'] ?? 'later', ['later', 'earlier'] as const);
  if (algorithm === 'leader') {
    if (method !== 'hash') throw new CliError(`reduce: --algorithm leader is the paper's HASH loop and works with --method hash only (got ${method}); use --algorithm greedy`);
    if (stop !== '--threshold') throw new CliError('reduce: --algorithm leader needs --threshold T (a keep fraction needs --algorithm greedy)');
    if (opts['--drop'] !== undefined) throw new CliError('reduce: --drop applies to --algorithm greedy only');
    return { method, algorithm, maxDistance: number('--threshold', opts['--threshold'] as string) };
  }
  const stopParams = stop === '--threshold' ? alikeThreshold(method, number('--threshold', opts['--threshold'] as string)) : { keepFraction: number('--keep-fraction', opts['--keep-fraction'] as string) };
  return { method, algorithm, drop, ...stopParams };
}

/** A PNG folder given as the input itself is read as group '.': name it after the folder instead. */
function labelFor(volume: Volume, input: string): { id: string; name: string } {
  const folder = basename(resolve(input));
  return { id: volume.id === '.' ? folder : volume.id, name: volume.name === '.' || volume.name === '' ? folder : volume.name };
}

/** The 8-bit conversion the CLI applies: PNG slices as they are, anything else per-slice min/max. */
function conversionFor(volume: Volume): ManifestConversion {
  return volume.voxels instanceof Uint8Array ? { kind: 'as-is' } : { kind: 'minmax' };
}

async function scoresFor(volume: Volume, method: MethodName, backend: BackendRequest) {
  if (backend !== 'cpu') {
    const { installNodeWebgpu } = await import('../../core/backend/nodeWebgpu');
    const gpu = await installNodeWebgpu();
    if (!gpu.ok && backend === 'webgpu') throw new CliError(`reduce: --backend webgpu is not available: ${gpu.detail}`);
    if (!gpu.ok) process.stderr.write(`ctsieve: WebGPU unavailable (${gpu.detail}); falling back\n`);
  }
  try {
    return await computeSimilarity(toUint8Stack(volume), method, { backend });
  } catch (err) {
    throw new CliError(`reduce: ${method} on ${volume.name}: ${(err as Error).message}`);
  }
}

export default async function reduceCommand(args: string[]): Promise<number> {
  const { input, params, backend, out, series } = parseReduceArgs(args);
  const { volume, result: read } = await readOneVolume(input, series);
  for (const w of volume.warnings) process.stderr.write(`ctsieve: warning: ${w}\n`);
  for (const s of read.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
  const baseline = params.method === 'all' || params.method === 'everyn';
  const scores = baseline ? undefined : await scoresFor(volume, params.method as MethodName, backend);
  let result;
  try {
    result = reduce(scores ?? volume.slices, params);
  } catch (err) {
    throw new CliError(`reduce: ${(err as Error).message}`);
  }
  const manifest = buildManifest({
    volumes: [{ meta: { ...volume, ...labelFor(volume, input) }, source: input, voxelSha256: await voxelSha256(volume), result }],
    params,
    backend: scores?.backend ?? 'none',
    conversion: conversionFor(volume),
  });
  const text = serializeManifest(manifest);
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(out, text);
  process.stderr.write(`ctsieve: kept ${result.kept.length} of ${result.n} slices (${describe(params)}, backend ${manifest.backend}) → ${out}\n`);
  return 0;
}

function describe(p: ReductionParams): string {
  if (p.method === 'all') return 'all';
  if (p.method === 'everyn') return `every ${p.every}`;
  const stop = Object.entries(p).find(([k]) => ['maxDistance', 'minSimilarity', 'keepFraction'].includes(k));
  return `${p.method} ${p.algorithm}${stop ? ` ${stop[0]} ${stop[1]}` : ''}`;
}
