/**
 * `ctsieve reduce <input> --method all|everyn|hash|ssim|nmi|deepnet [--algorithm greedy|leader]
 *                 (--threshold T | --keep-fraction F | --every N) [--drop later|earlier]
 *                 [--backend auto|webgpu|cpu] [--out manifest.json] [--series UID]`
 *
 * Reads one volume and runs it through core's reduceVolume pipeline (8-bit: uint8 input as is, else
 * per-slice min/max; scores; reduction), then writes the manifest (DESIGN.md "Manifest (v1)") to --out or stdout.
 * --threshold is the method's own unit: max Hamming distance for hash, min similarity otherwise.
 * DeepNet takes a user's model with `--model PATH` and its settings (src/cli/model.ts).
 */
import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { serializeManifest } from '../../core/manifest';
import { manifestOf, needsScores, reduceVolume, StreamingConverter, type ConvertedVolume, type ReducedVolume } from '../../core/pipeline';
import { alikeThreshold, validateParams, type ReductionMethod, type ReductionParams } from '../../core/reduction';
import type { BackendRequest, MethodName } from '../../core/similarity/types';
import type { Volume } from '../../core/volume';
import { memoryBudgetBytes, oneOf as oneOfFor, parseOptions } from '../args';
import { takeModelFlags, type ModelFlags } from '../model';
import { CliError } from '../run';
import { withScoring } from '../scores';
import { readOneVolume, reportReadProblems } from './info';

const METHODS = ['all', 'everyn', 'hash', 'ssim', 'nmi', 'deepnet'] as const;
const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
const OPTIONS = ['--method', '--algorithm', '--threshold', '--keep-fraction', '--every', '--drop', '--backend', '--out', '--series', '--memory-budget-mib'] as const;
type Option = (typeof OPTIONS)[number];

export interface ReduceArgs {
  input: string;
  params: ReductionParams;
  backend: BackendRequest;
  out?: string;
  series?: string;
  memoryBudgetBytes?: number;
  /** DeepNet: --model PATH and its settings (src/cli/model.ts). */
  model?: ModelFlags;
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  return oneOfFor('reduce', option, value, allowed);
}

function number(option: string, value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new CliError(`reduce: ${option} '${value}' is not a number`);
  return x;
}

/** Builds and checks the reduction parameters from the options. */
export function parseReduceArgs(args: string[]): ReduceArgs {
  const { rest, flags: model } = takeModelFlags(args, 'reduce');
  const { input, opts } = parseOptions('reduce', rest, OPTIONS);
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
  if (model && params.method !== 'deepnet') throw new CliError(`reduce: --model and its settings apply to --method deepnet only (got ${params.method})`);
  return { input, params, backend, out: opts['--out'], series: opts['--series'], memoryBudgetBytes: memoryBudgetBytes('reduce', opts['--memory-budget-mib']), model };
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
export function labelFor(volume: Volume, input: string): { id: string; name: string } {
  const folder = basename(resolve(input));
  return { id: volume.id === '.' ? folder : volume.id, name: volume.name === '.' || volume.name === '' ? folder : volume.name };
}

export interface ReduceRun {
  params: ReductionParams;
  backend: BackendRequest;
  memoryBudgetBytes?: number;
  model?: ModelFlags;
  /** No progress lines from the scoring step. */
  quiet?: boolean;
}

export interface ReduceOneOptions {
  /** Named in error messages (default 'reduce'). */
  command?: string;
  /** Manifest id and name (default: from the volume and the input path). */
  label?: { id: string; name: string };
  /** Known already (or being computed): not hashed again. */
  voxelSha256?: string | Promise<string>;
  /** The 8-bit stack made while reading (core StreamingConverter). */
  converted?: ConvertedVolume;
}

/** One volume through the core pipeline (reduceVolume) with the CLI's scoring setup and messages. */
export async function reduceOne(volume: Volume, source: string, run: ReduceRun, opts: ReduceOneOptions = {}): Promise<ReducedVolume> {
  const command = opts.command ?? 'reduce';
  const label = opts.label ?? labelFor(volume, source);
  const { params } = run;
  const base = { params, source, label, voxelSha256: opts.voxelSha256, converted: opts.converted };
  if (!needsScores(params)) {
    try {
      return await reduceVolume(volume, base);
    } catch (err) {
      throw new CliError(`${command}: ${label.name}: ${(err as Error).message}`);
    }
  }
  const method = params.method as MethodName;
  const scoring = { backend: run.backend, memoryBudgetBytes: run.memoryBudgetBytes, model: run.model, label: label.name, quiet: run.quiet };
  return withScoring(command, method, scoring, (compute) => reduceVolume(volume, { ...base, compute }));
}

export default async function reduceCommand(args: string[]): Promise<number> {
  const { input, params, backend, out, series, memoryBudgetBytes, model } = parseReduceArgs(args);
  // Slices are made 8-bit while the rest of the file is still decompressing (NIfTI).
  const converter = needsScores(params) ? new StreamingConverter() : undefined;
  const { volume, result: read } = await readOneVolume(input, series, converter?.onSlice);
  reportReadProblems(volume, read);
  const reduced = await reduceOne(volume, input, { params, backend, memoryBudgetBytes, model }, { converted: converter?.take(volume) });
  const manifest = manifestOf([reduced], params);
  const text = serializeManifest(manifest);
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(out, text);
  const { result } = reduced;
  process.stderr.write(`ctsieve: kept ${result.kept.length} of ${result.n} slices (${describe(params)}, backend ${manifest.backend}) → ${out}\n`);
  return 0;
}

export function describe(p: ReductionParams): string {
  if (p.method === 'all') return 'all';
  if (p.method === 'everyn') return `every ${p.every}`;
  const stop = Object.entries(p).find(([k]) => ['maxDistance', 'minSimilarity', 'keepFraction'].includes(k));
  return `${p.method} ${p.algorithm}${stop ? ` ${stop[0]} ${stop[1]}` : ''}`;
}
