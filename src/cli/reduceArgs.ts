/**
 * `reduce`'s flags → checked ReductionParams (shared by `reduce` and `dataset reduce`, which takes
 * the same flags). --threshold is the method's own unit: max Hamming distance for hash, min
 * similarity otherwise. DeepNet takes a user's model with `--model PATH` (src/cli/model.ts).
 */
import { alikeThreshold, validateParams, type ReductionMethod, type ReductionParams } from '../core/reduction';
import { ALGORITHMS, METHODS, REDUCTION_METHODS } from '../core/methods';
import { memoryBudgetBytes, oneOf as oneOfFor, parseOptions } from './args';
import { takeModelFlags } from './model';
import { CliError } from './errors';
import type { VolumeScoringArgs } from './scores';
import { BACKEND_CHOICES, parseThreads } from './backendChoice';

const OPTIONS = ['--method', '--algorithm', '--threshold', '--keep-fraction', '--every', '--drop', '--backend', '--threads', '--out', '--series', '--memory-budget-mib'] as const;
type Option = (typeof OPTIONS)[number];

export interface ReduceArgs extends VolumeScoringArgs {
  params: ReductionParams;
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
  if (opts['--method'] === undefined) throw new CliError(`reduce: --method is required (${REDUCTION_METHODS.join('|')})`);
  const method: ReductionMethod = oneOf('--method', opts['--method'], REDUCTION_METHODS);
  const backend = oneOf('--backend', opts['--backend'] ?? 'auto', BACKEND_CHOICES);
  const threads = parseThreads('reduce', opts['--threads']);
  const stops = (['--threshold', '--keep-fraction', '--every'] as const).filter((o) => opts[o] !== undefined);
  if (stops.length > 1) throw new CliError(`reduce: give only one of --threshold, --keep-fraction, --every (got ${stops.join(' and ')})`);
  const params = paramsFor(method, opts, stops[0]);
  try {
    validateParams(params); // fails before any file is read
  } catch (err) {
    throw new CliError(`reduce: ${(err as Error).message}`);
  }
  if (model && params.method !== 'deepnet') throw new CliError(`reduce: --model and its settings apply to --method deepnet only (got ${params.method})`);
  return { input, params, backend, threads, out: opts['--out'], series: opts['--series'], memoryBudgetBytes: memoryBudgetBytes('reduce', opts['--memory-budget-mib']), model };
}

function paramsFor(method: ReductionMethod, opts: Partial<Record<Option, string>>, stop: '--threshold' | '--keep-fraction' | '--every' | undefined): ReductionParams {
  const baseline = !METHODS[method].needsScores;
  for (const o of ['--algorithm', '--drop'] as const) {
    if (baseline && opts[o] !== undefined) throw new CliError(`reduce: ${o} applies to ${REDUCTION_METHODS.filter((m) => METHODS[m].needsScores).join(', ')}, not to ${method}`);
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
  const algorithm = oneOf('--algorithm', opts['--algorithm'] ?? 'greedy', ALGORITHMS);
  const drop = oneOf('--drop', opts['--drop'] ?? 'later', ['later', 'earlier'] as const);
  if (algorithm === 'leader') {
    if (!(METHODS[method].algorithms as readonly string[]).includes(algorithm)) throw new CliError(`reduce: --algorithm leader is the paper's HASH loop and works with --method hash only (got ${method}); use --algorithm greedy`);
    if (stop !== '--threshold') throw new CliError('reduce: --algorithm leader needs --threshold T (a keep fraction needs --algorithm greedy)');
    if (opts['--drop'] !== undefined) throw new CliError('reduce: --drop applies to --algorithm greedy only');
    return { method, algorithm, maxDistance: number('--threshold', opts['--threshold'] as string) };
  }
  const stopParams = stop === '--threshold' ? alikeThreshold(method, number('--threshold', opts['--threshold'] as string)) : { keepFraction: number('--keep-fraction', opts['--keep-fraction'] as string) };
  return { method, algorithm, drop, ...stopParams };
}

/** One line for logs: the method and its stop rule. */
export function describe(p: ReductionParams): string {
  if (p.method === 'all') return 'all';
  if (p.method === 'everyn') return `every ${p.every}`;
  const stop = Object.entries(p).find(([k]) => ['maxDistance', 'minSimilarity', 'keepFraction'].includes(k));
  return `${p.method} ${p.algorithm}${stop ? ` ${stop[0]} ${stop[1]}` : ''}`;
}
