/**
 * Scoring one volume for `similarity` and `reduce`: makes it 8-bit (core/pipeline convertVolume:
 * uint8 voxels as they are, else per-slice min/max, DESIGN.md), makes WebGPU available in this Node process when it may be used,
 * loads a user's DeepNet model (--model), computes the matrix with progress on stderr.
 */
import { etaMs } from '../core/runtime/progress';
import { convertVolume } from '../core/pipeline';
import type { BackendRequest } from '../core/backend';
import { settleBackend } from '../core/runtime/settleBackend';
import { computeSimilarity } from '../core/similarity';
import type { Embedder } from '../core/similarity/embedding/types';
import type { MethodName, OptionsFor, SimilarityResult } from '../core/similarity/types';
import type { Volume } from '../core/volume';
import { loadEmbedderFromPath, type ModelFlags } from './model';
import { CliError } from './errors';

/** What `similarity` and `reduce` both read from their flags besides the method. */
export interface VolumeScoringArgs {
  input: string;
  backend: BackendRequest;
  /** CPU worker threads (default every core). */
  threads: number;
  out?: string;
  series?: string;
  memoryBudgetBytes?: number;
  /** DeepNet: --model PATH and its settings (src/cli/model.ts). */
  model?: ModelFlags;
}

export interface ScoreOptions {
  backend: BackendRequest;
  memoryBudgetBytes?: number;
  /** DeepNet model flags (absent: the bundled default embedder). */
  model?: ModelFlags;
  /** Shown in messages instead of the volume's own name (e.g. the input path). */
  label?: string;
  /** No progress lines (dataset runs print their own). */
  quiet?: boolean;
}

let fallbackNoted = false;

/** Installs Node WebGPU (Dawn) when the backend may use it (auto, webgpu); says so on stderr when it is not there. */
export async function prepareWebgpu(command: string, backend: BackendRequest): Promise<void> {
  if (backend === 'cpu' || backend === 'wasm') return;
  const { installNodeWebgpu } = await import('../core/backend/nodeWebgpu');
  const gpu = await installNodeWebgpu();
  if (gpu.ok) return;
  if (backend === 'webgpu') throw new CliError(`${command}: --backend webgpu is not available: ${gpu.detail}`);
  if (fallbackNoted) return; // once per process (a dataset run scores many volumes)
  fallbackNoted = true;
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

/**
 * Runs `work` with the compute options for one method (WebGPU installed when it may be used, a
 * user's DeepNet model loaded on the settled backend); user-caused failures become one-line
 * CliErrors naming the command, the method and the volume. The embedder is disposed afterwards.
 */
export async function withScoring<T>(command: string, method: MethodName, opts: ScoreOptions, work: (compute: OptionsFor<MethodName>) => Promise<T>): Promise<T> {
  if (opts.model && method !== 'deepnet') throw new CliError(`${command}: --model and its settings apply to --method deepnet only (got ${method})`);
  await prepareWebgpu(command, opts.backend);
  // tfjs's WebAssembly backend (Node finds its .wasm files itself) is what 'auto' settles on without a
  // hardware GPU and what --backend wasm names: then SSIM/NMI run ctsieve's SIMD kernels, DeepNet tfjs wasm.
  if (method === 'deepnet' || opts.backend === 'wasm' || opts.backend === 'auto') await import('@tensorflow/tfjs-backend-wasm');
  let embedder: Embedder | undefined;
  try {
    // Settled once for the process; a user's weights are then made on it (auto may pass over a software GPU).
    const backend = await settleBackend(opts.backend);
    if (opts.model?.model) embedder = await loadEmbedderFromPath(opts.model.model, opts.model.options);
    return await work({
      backend,
      memoryBudgetBytes: opts.memoryBudgetBytes,
      embedder,
      batchSize: opts.model?.batchSize,
      onProgress: opts.quiet ? undefined : progressPrinter(method),
    });
  } catch (err) {
    if (err instanceof CliError) throw err;
    const message = (err as Error).message.replace(`${method}: `, '');
    throw new CliError(`${command}: ${method} on ${opts.label ?? 'the volume'}: ${message}`);
  } finally {
    embedder?.dispose();
  }
}

/** Wall-clock seconds of the two steps after reading: the 8-bit conversion and the matrix. */
export interface ScoreTimings {
  convertSeconds: number;
  scoreSeconds: number;
}

const since = (start: number): number => (performance.now() - start) / 1000;

/** The n×n matrix of one volume under one method, with where the time went; user-caused failures become one-line CliErrors. */
export async function scoreVolume(command: string, volume: Volume, method: MethodName, opts: ScoreOptions): Promise<{ result: SimilarityResult; timings: ScoreTimings }> {
  return withScoring(command, method, { ...opts, label: opts.label ?? volume.name }, async (compute) => {
    const convertStart = performance.now();
    const { stack } = convertVolume(volume);
    const convertSeconds = since(convertStart);
    const scoreStart = performance.now();
    const result = await computeSimilarity(stack, method, compute);
    return { result, timings: { convertSeconds, scoreSeconds: since(scoreStart) } };
  });
}
