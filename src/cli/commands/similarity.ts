/**
 * `ctsieve similarity <input> --method hash|ssim|nmi|deepnet [--backend auto|webgpu|wasm|cpu]
 *                     [--threads N] [--out F.json] [--series UID] [--memory-budget-mib M]`
 *
 * Reads one volume, makes it 8-bit (PNG slices as they are, anything else per-slice min/max,
 * DESIGN.md), computes the n×n matrix and writes JSON
 *   {method, n, backend, backendNote?, threads?, matrix: number[n*n] (row-major), hashes?,
 *    timings: {readSeconds, convertSeconds, scoreSeconds}}
 * to stdout or --out (wall-clock seconds: reading the input, the 8-bit conversion, the matrix). HASH is a distance (0..64), the others similarities; NaN is written as null.
 * WebGPU in Node comes from the `webgpu` package (Dawn); without a Vulkan driver `auto` falls back
 * to the CPU with a one-line notice, while `--backend webgpu` fails. Progress goes to stderr.
 * DeepNet takes a user's model with `--model PATH` and its settings (src/cli/model.ts).
 */
import { writeFile } from 'node:fs/promises';
import { SIMILARITY_METHODS as METHOD_NAMES } from '../../core/methods';
import type { MethodName, SimilarityResult } from '../../core/similarity/types';
import { memoryBudgetBytes, oneOf, parseOptions } from '../args';
import { BACKEND_CHOICES, parseThreads, useThreads } from '../backendChoice';
import { checkModelPath, takeModelFlags } from '../model';
import { CliError } from '../errors';
import { scoreVolume, type ScoreTimings, type VolumeScoringArgs } from '../scores';
import { readOneVolume, reportReadProblems } from '../input';

const OPTIONS = ['--method', '--backend', '--threads', '--out', '--series', '--memory-budget-mib'] as const;

export interface SimilarityArgs extends VolumeScoringArgs {
  method: MethodName;
}

/** argv → arguments (`--opt value` or `--opt=value`); a CliError names any bad option. */
export function parseSimilarityArgs(args: string[]): SimilarityArgs {
  const { rest, flags: model } = takeModelFlags(args, 'similarity');
  const { input, opts } = parseOptions('similarity', rest, OPTIONS);
  const method = opts['--method'];
  if (method === undefined) throw new CliError(`similarity: --method is required (${METHOD_NAMES.join('|')})`);
  return {
    input,
    method: oneOf('similarity', '--method', method, METHOD_NAMES),
    backend: oneOf('similarity', '--backend', opts['--backend'] ?? 'auto', BACKEND_CHOICES),
    threads: parseThreads('similarity', opts['--threads']),
    out: opts['--out'],
    series: opts['--series'],
    memoryBudgetBytes: memoryBudgetBytes('similarity', opts['--memory-budget-mib']),
    model,
  };
}

export interface SimilarityTimings extends ScoreTimings {
  readSeconds: number;
}

/** The JSON contract (DESIGN.md): key order fixed, NaN → null. */
export function similarityJson(r: SimilarityResult, timings?: SimilarityTimings): string {
  const body = {
    method: r.method,
    n: r.n,
    backend: r.backend,
    ...(r.backendNote ? { backendNote: r.backendNote } : {}),
    ...(r.threads ? { threads: r.threads } : {}),
    matrix: Array.from(r.matrix),
    ...(r.hashes ? { hashes: r.hashes } : {}),
    ...(timings ? { timings: { readSeconds: timings.readSeconds, convertSeconds: timings.convertSeconds, scoreSeconds: timings.scoreSeconds } } : {}),
  };
  return `${JSON.stringify(body)}\n`;
}

export default async function similarityCommand(args: string[]): Promise<number> {
  const { input, method, backend, threads, out, series, memoryBudgetBytes, model } = parseSimilarityArgs(args);
  useThreads(threads);
  await checkModelPath(model);
  const readStart = performance.now();
  const { volume, result: read } = await readOneVolume(input, series);
  const readSeconds = (performance.now() - readStart) / 1000;
  reportReadProblems(volume, read, input);
  // A PNG folder given as the input itself is read as group '.': name the input instead.
  const label = volume.name && volume.name !== '.' ? volume.name : input;
  const { result, timings } = await scoreVolume('similarity', volume, method, { backend, memoryBudgetBytes, model, label });
  const text = similarityJson(result, { readSeconds, ...timings });
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(out, text);
  const note = result.backendNote ? ` (${result.backendNote})` : '';
  process.stderr.write(`ctsieve: ${method} ${result.n}×${result.n} on ${result.backend}${note} → ${out}\n`);
  return 0;
}
