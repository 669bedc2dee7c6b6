/**
 * Scoring one volume for `similarity` and `reduce`: makes it 8-bit (PNG slices as they are, else
 * per-slice min/max, DESIGN.md), makes WebGPU available in this Node process when it may be used,
 * loads a user's DeepNet model (--model), computes the matrix with progress on stderr.
 */
import { etaMs } from '../core/runtime/progress';
import { toUint8Stack } from '../core/preprocess/toUint8';
import type { BackendRequest } from '../core/backend';
import { settleBackend } from '../core/runtime/settleBackend';
import { computeSimilarity } from '../core/similarity';
import type { Embedder } from '../core/similarity/embedding/types';
import type { MethodName, SimilarityResult } from '../core/similarity/types';
import type { Volume } from '../core/volume';
import { loadEmbedderFromPath, type ModelFlags } from './model';
import { CliError } from './errors';

export interface ScoreOptions {
  backend: BackendRequest;
  memoryBudgetBytes?: number;
  /** DeepNet model flags (absent: the bundled default embedder). */
  model?: ModelFlags;
  /** Shown in messages instead of the volume's own name (e.g. the input path). */
  label?: string;
}

/** Installs Node WebGPU (Dawn) when the backend may use it; says so on stderr when it is not there. */
export async function prepareWebgpu(command: string, backend: BackendRequest): Promise<void> {
  if (backend === 'cpu') return;
  const { installNodeWebgpu } = await import('../core/backend/nodeWebgpu');
  const gpu = await installNodeWebgpu();
  if (gpu.ok) return;
  if (backend === 'webgpu') throw new CliError(`${command}: --backend webgpu is not available: ${gpu.detail}`);
  process.stderr.write(`ctsieve: WebGPU unavailable (${gpu.detail}); using the CPU\n`);
}

/** Progress lines on stderr, at most one a second, only once a run has taken over a second. */
export function progressPrinter(what: string): (done: number, total: number) => void {
  const start = Date.now();
  let last = start;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 1000 || done === total) return;
    last = now;
    const left = etaMs(done, total, now - start);
    const eta = left === undefined ? '' : ` ETA ${(left / 1000).toFixed(0)} s`;
    process.stderr.write(`ctsieve: ${what} ${Math.floor((100 * done) / total)}% (${done}/${total}, ${((now - start) / 1000).toFixed(0)} s${eta})\n`);
  };
}

/** Wall-clock seconds of the two steps after reading: the 8-bit conversion and the matrix. */
export interface ScoreTimings {
  convertSeconds: number;
  scoreSeconds: number;
}

const since = (start: number): number => (performance.now() - start) / 1000;

/** The n×n matrix of one volume under one method; user-caused failures become one-line CliErrors. */
export async function scoreVolume(command: string, volume: Volume, method: MethodName, opts: ScoreOptions): Promise<{ result: SimilarityResult; timings: ScoreTimings }> {
  if (opts.model && method !== 'deepnet') throw new CliError(`${command}: --model and its settings apply to --method deepnet only (got ${method})`);
  await prepareWebgpu(command, opts.backend);
  // DeepNet may run on tfjs's WebAssembly backend (Node finds its .wasm files itself): register it.
  if (method === 'deepnet') await import('@tensorflow/tfjs-backend-wasm');
  let embedder: Embedder | undefined;
  const name = opts.label ?? volume.name;
  try {
    // Settled once for the process; a user's weights are then made on it (auto may pass over a software GPU).
    // HASH/SSIM/NMI on cpu or wasm are ctsieve's own kernels: no tfjs backend to start for them.
    const backend = method !== 'deepnet' && (opts.backend === 'cpu' || opts.backend === 'wasm')
      ? { request: opts.backend, name: opts.backend }
      : await settleBackend(opts.backend);
    if (opts.model?.model) embedder = await loadEmbedderFromPath(opts.model.model, opts.model.options);
    const convertStart = performance.now();
    const stack = toUint8Stack(volume);
    const convertSeconds = since(convertStart);
    const scoreStart = performance.now();
    const result = await computeSimilarity(stack, method, {
      backend,
      memoryBudgetBytes: opts.memoryBudgetBytes,
      embedder,
      batchSize: opts.model?.batchSize,
      onProgress: progressPrinter(method),
    });
    return { result, timings: { convertSeconds, scoreSeconds: since(scoreStart) } };
  } catch (err) {
    if (err instanceof CliError) throw err;
    const message = (err as Error).message.replace(`${method}: `, '');
    throw new CliError(`${command}: ${method} on ${name}: ${message}`);
  } finally {
    embedder?.dispose();
  }
}
