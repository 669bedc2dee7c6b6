/**
 * `ctsieve similarity <input> --method hash|ssim|nmi|deepnet [--backend auto|webgpu|cpu]
 *                     [--out F.json] [--series UID] [--memory-budget-mib M]`
 *
 * Reads one volume, makes it 8-bit (PNG slices as they are, anything else per-slice min/max,
 * DESIGN.md), computes the n×n matrix and writes JSON
 *   {method, n, backend, backendNote?, matrix: number[n*n] (row-major), hashes?}
 * to stdout or --out. HASH is a distance (0..64), the others similarities; NaN is written as null.
 * WebGPU in Node comes from the `webgpu` package (Dawn); without a Vulkan driver `auto` falls back
 * to the CPU with a one-line notice, while `--backend webgpu` fails. Progress goes to stderr.
 * DeepNet takes a user's model with `--model PATH` and its settings (src/cli/model.ts).
 */
import { writeFile } from 'node:fs/promises';
import { SIMILARITY_METHODS as METHOD_NAMES } from '../../core/methods';
import type { BackendRequest } from '../../core/backend';
import type { MethodName, SimilarityResult } from '../../core/similarity/types';
import { memoryBudgetBytes, oneOf, parseOptions } from '../args';
import { takeModelFlags, type ModelFlags } from '../model';
import { CliError } from '../errors';
import { scoreVolume } from '../scores';
import { readOneVolume, reportReadProblems } from '../input';

const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
const OPTIONS = ['--method', '--backend', '--out', '--series', '--memory-budget-mib'] as const;

export interface SimilarityArgs {
  input: string;
  method: MethodName;
  backend: BackendRequest;
  out?: string;
  series?: string;
  memoryBudgetBytes?: number;
  /** DeepNet: --model PATH and its settings (src/cli/model.ts). */
  model?: ModelFlags;
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
    backend: oneOf('similarity', '--backend', opts['--backend'] ?? 'auto', BACKENDS),
    out: opts['--out'],
    series: opts['--series'],
    memoryBudgetBytes: memoryBudgetBytes('similarity', opts['--memory-budget-mib']),
    model,
  };
}

/** The JSON contract (DESIGN.md): key order fixed, NaN → null. */
export function similarityJson(r: SimilarityResult): string {
  const body = {
    method: r.method,
    n: r.n,
    backend: r.backend,
    ...(r.backendNote ? { backendNote: r.backendNote } : {}),
    matrix: Array.from(r.matrix),
    ...(r.hashes ? { hashes: r.hashes } : {}),
  };
  return `${JSON.stringify(body)}\n`;
}

export default async function similarityCommand(args: string[]): Promise<number> {
  const { input, method, backend, out, series, memoryBudgetBytes, model } = parseSimilarityArgs(args);
  const { volume, result: read } = await readOneVolume(input, series);
  reportReadProblems(volume, read);
  // A PNG folder given as the input itself is read as group '.': name the input instead.
  const label = volume.name && volume.name !== '.' ? volume.name : input;
  const result = await scoreVolume('similarity', volume, method, { backend, memoryBudgetBytes, model, label });
  const text = similarityJson(result);
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(out, text);
  const note = result.backendNote ? ` (${result.backendNote})` : '';
  process.stderr.write(`ctsieve: ${method} ${result.n}×${result.n} on ${result.backend}${note} → ${out}\n`);
  return 0;
}
