/**
 * The `similarity` and `backend` job handlers: rebuild the volume from transferred voxels, make it
 * 8-bit and run the similarity engine on the backend this worker settled once (core/runtime
 * settleBackend). Thin by design: all the work is core. Worker-free, so tests run it in Node.
 */
import { convertVolume } from '../core/pipeline/conversion';
import { settleBackend, settledLabel } from '../core/runtime/settleBackend';
import { computeSimilarity, prewarmPool } from '../core/similarity';
import type { Embedder, ModelEmbedderOptions } from '../core/similarity/embedding/types';
import type { Volume } from '../core/volume/types';
import type { JobHandler } from './jobHost';
import { voxelsFromBuffer, type TransferredVolume, type UserModelRequest } from './similarityJob';

/** The Volume a transferred one stands for (its voxels are the transferred buffer). */
export function toVolume(t: TransferredVolume): Volume {
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
 * Builds the user's embedder on the settled backend (so its weights live where the kernel runs).
 * Core's loaders name the file in every error (not a model, missing shard, unknown layer). Loaded
 * lazily: the embedding code is only fetched when a user model is used.
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

export const backendJob: JobHandler<'backend'> = async ({ backend }) => {
  const settled = await settleBackend(backend);
  return { result: { backend: settled.name, label: settledLabel(settled) } };
};

export const similarityJob: JobHandler<'similarity'> = async (params, ctx) => {
  const settled = await settleBackend(params.backend);
  const n = params.volume.slices;
  ctx.progress(0, n, { backend: settledLabel(settled) });
  // The pool's workers start while the volume is converted (no-op once they are idle and warm).
  if (params.method !== 'deepnet') prewarmPool();
  const started = performance.now();
  const { stack } = convertVolume(toVolume(params.volume), params.conversion);
  const convertSeconds = (performance.now() - started) / 1000;
  const embedder = params.model && params.method === 'deepnet' ? await loadUserEmbedder(params.model) : undefined;
  try {
    const scoreStart = performance.now();
    const result = await computeSimilarity(stack, params.method, {
      backend: settled,
      signal: ctx.signal,
      onProgress: (done, total) => ctx.progress(done, total),
      embedder,
    });
    const { method, backend, backendNote, kind, matrix, hashes, threads } = result;
    const now = performance.now();
    const timings = { convertSeconds, scoreSeconds: (now - scoreStart) / 1000 };
    return { result: { method, n: result.n, backend, backendNote, kind, matrix, hashes, params: result.params, threads, elapsedMs: now - started, timings }, transfer: [matrix.buffer] };
  } finally {
    embedder?.dispose();
  }
};
