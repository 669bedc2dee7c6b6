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
 */
import { writeFile } from 'node:fs/promises';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { computeSimilarity, METHOD_NAMES } from '../../core/similarity';
import type { BackendRequest, MethodName, SimilarityResult } from '../../core/similarity/types';
import { CliError } from '../run';
import { readOneVolume } from './info';

const BACKENDS = ['auto', 'webgpu', 'cpu'] as const;
const OPTIONS = ['--method', '--backend', '--out', '--series', '--memory-budget-mib'] as const;
type Option = (typeof OPTIONS)[number];

export interface SimilarityArgs {
  input: string;
  method: MethodName;
  backend: BackendRequest;
  out?: string;
  series?: string;
  memoryBudgetBytes?: number;
}

/** argv → arguments (`--opt value` or `--opt=value`); a CliError names any bad option. */
export function parseSimilarityArgs(args: string[]): SimilarityArgs {
  const opts: Partial<Record<Option, string>> = {};
  let input: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      if (input !== undefined) throw new CliError(`similarity: one input expected, got '${input}' and '${a}'`);
      input = a;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!(OPTIONS as readonly string[]).includes(name)) throw new CliError(`similarity: unknown option '${name}' (expected ${OPTIONS.join(', ')})`);
    const value = eq < 0 ? args[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new CliError(`similarity: ${name} needs a value`);
    if (opts[name as Option] !== undefined) throw new CliError(`similarity: ${name} given twice`);
    opts[name as Option] = value;
  }
  if (input === undefined) throw new CliError('similarity: missing <input> (a DICOM folder, a .nii/.nii.gz file or a folder of PNG slices)');
  const method = opts['--method'];
  if (method === undefined) throw new CliError(`similarity: --method is required (${METHOD_NAMES.join('|')})`);
  if (!(METHOD_NAMES as string[]).includes(method)) throw new CliError(`similarity: --method '${method}' is not one of ${METHOD_NAMES.join(', ')}`);
  const backend = opts['--backend'] ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(backend)) throw new CliError(`similarity: --backend '${backend}' is not one of ${BACKENDS.join(', ')}`);
  return { input, method: method as MethodName, backend: backend as BackendRequest, out: opts['--out'], series: opts['--series'], memoryBudgetBytes: budget(opts['--memory-budget-mib']) };
}

function budget(mib: string | undefined): number | undefined {
  if (mib === undefined) return undefined;
  const x = Number(mib);
  if (!Number.isFinite(x) || x <= 0) throw new CliError(`similarity: --memory-budget-mib '${mib}' is not a positive number`);
  return x * 2 ** 20;
}

/** Makes WebGPU available in this Node process when it may be used; says so when it is not. */
async function prepareWebgpu(backend: BackendRequest): Promise<void> {
  if (backend === 'cpu') return;
  const { installNodeWebgpu } = await import('../../core/backend/nodeWebgpu');
  const gpu = await installNodeWebgpu();
  if (gpu.ok) return;
  if (backend === 'webgpu') throw new CliError(`similarity: --backend webgpu is not available: ${gpu.detail}`);
  process.stderr.write(`ctsieve: WebGPU unavailable (${gpu.detail}); using the CPU\n`);
}

/** Progress lines on stderr, at most one a second, only once a run has taken over a second. */
function progressPrinter(method: string): (done: number, total: number) => void {
  const start = Date.now();
  let last = start;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 1000 || done === total) return;
    last = now;
    process.stderr.write(`ctsieve: ${method} ${Math.floor((100 * done) / total)}% (${done}/${total}, ${((now - start) / 1000).toFixed(0)} s)\n`);
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
  const { input, method, backend, out, series, memoryBudgetBytes } = parseSimilarityArgs(args);
  const { volume, result: read } = await readOneVolume(input, series);
  for (const w of volume.warnings) process.stderr.write(`ctsieve: warning: ${w}\n`);
  for (const s of read.skipped) process.stderr.write(`ctsieve: skipped ${s.reason}\n`);
  await prepareWebgpu(backend);
  let result: SimilarityResult;
  try {
    result = await computeSimilarity(toUint8Stack(volume), method, { backend, memoryBudgetBytes, onProgress: progressPrinter(method) });
  } catch (err) {
    // A PNG folder given as the input itself is read as group '.': name the input instead.
    const name = volume.name && volume.name !== '.' ? volume.name : input;
    const message = (err as Error).message.replace(`${method}: `, '');
    throw new CliError(`similarity: ${method} on ${name}: ${message}`);
  }
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
