/**
 * The compute worker: rebuilds the volume from transferred voxels, converts it to 8-bit slices and
 * runs the similarity engine on the requested tfjs backend. Thin by design: all the work is core.
 */
/// <reference lib="webworker" />
import './tfjsWasm';
import { backendLabel, initBackend } from '../core/backend/initBackend';
import { toUint8Stack } from '../core/preprocess/toUint8';
import { computeSimilarity, prewarmPool, resolveBackend } from '../core/similarity';
import type { Embedder, ModelEmbedderOptions } from '../core/similarity/embedding/types';
import type { Volume } from '../core/volume/types';
import { voxelsFromBuffer, type TransferredVolume, type UserModelRequest, type WorkerMessage, type WorkerRequest } from './protocol';
import { installBrowserPool } from './poolSpawner';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const running = new Map<number, AbortController>();
// HASH, SSIM and NMI on the CPU run on one pool worker per core; this worker only coordinates.
installBrowserPool();

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function toVolume(t: TransferredVolume): Volume {
  return {
    id: t.id, name: t.name, format: 'synthetic', rows: t.rows, cols: t.cols, slices: t.slices,
    spacing: t.spacing, modality: 'CT', sources: [], warnings: [], voxels: voxelsFromBuffer(t.dtype, t.voxels),
  };
}

function embedderOptions(model: UserModelRequest): ModelEmbedderOptions & { id: string } {
  const { layer, inputSize, channels, mean, std, pooling } = model.options;
  return {
    id: model.id, layer: layer || undefined, inputSize, pooling,
    normalisation: { channels, mean: mean?.length === 1 ? mean[0] : mean, std: std?.length === 1 ? std[0] : std },
  };
}

/**
 * Builds the user's embedder on the active backend (after initBackend, so its weights live where
 * the kernel runs). Core's loaders name the file in every error (not a model, missing shard,
 * unknown layer). Loaded lazily: the embedding code is only fetched when a user model is used.
 */
async function loadUserEmbedder(model: UserModelRequest): Promise<Embedder> {
  const { loadOnnxEmbedder, loadTfjsEmbedder } = await import('../core/similarity/embedding');
  const opts = embedderOptions(model);
  if (model.kind === 'onnx') {
    const [file] = model.files;
    return loadOnnxEmbedder(new Uint8Array(file.bytes), { ...opts, name: file.name });
  }
  return loadTfjsEmbedder(model.files.map((f) => new File([f.bytes], f.name)), opts);
}

async function probe(id: number, request: WorkerRequest & { type: 'probe' }): Promise<void> {
  const info = await initBackend(request.backend);
  post({ type: 'backend', id, backend: info.name, label: backendLabel(info) });
}

async function compute(request: WorkerRequest & { type: 'compute' }): Promise<void> {
  const { id } = request;
  const controller = new AbortController();
  running.set(id, controller);
  let embedder: Embedder | undefined;
  try {
    const info = await initBackend(request.backend);
    post({ type: 'backend', id, backend: info.name, label: backendLabel(info) });
    // The pool's workers start while the volume is converted (no-op once they are idle and warm).
    if (request.method !== 'deepnet') prewarmPool();
    const started = performance.now();
    const stack = toUint8Stack(toVolume(request.volume), request.params.conversion);
    const convertSeconds = (performance.now() - started) / 1000;
    const { model } = request.params;
    if (model && request.method === 'deepnet') {
      // Weights are made on the active backend: start the one DeepNet will run on first.
      await resolveBackend('deepnet', request.backend);
      embedder = await loadUserEmbedder(model);
    }
    // The request, not the started backend: 'auto' may pass over a software GPU for a faster kernel.
    const scoreStart = performance.now();
    const result = await computeSimilarity(stack, request.method, {
      backend: request.backend,
      signal: controller.signal,
      onProgress: (done, total) => post({ type: 'progress', id, done, total }),
      embedder,
    });
    const { method, n, backend, backendNote, kind, matrix, hashes, params, threads } = result;
    const now = performance.now();
    const timings = { convertSeconds, scoreSeconds: (now - scoreStart) / 1000 };
    post({ type: 'result', id, result: { method, n, backend, backendNote, kind, matrix, hashes, params, threads, elapsedMs: now - started, timings } }, [matrix.buffer]);
  } catch (err) {
    const cancelled = controller.signal.aborted;
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err), cancelled });
  } finally {
    embedder?.dispose();
    running.delete(id);
  }
}

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    running.get(request.id)?.abort();
  } else if (request.type === 'probe') {
    probe(request.id, request).catch((err: unknown) =>
      post({ type: 'error', id: request.id, message: err instanceof Error ? err.message : String(err), cancelled: false }));
  } else {
    void compute(request);
  }
};
