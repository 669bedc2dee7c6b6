/**
 * DeepNet similarity: embed every slice with a pretrained CNN and score each pair by the cosine
 * of their embedding vectors, S_ij = ⟨e_i, e_j⟩ / (‖e_i‖ ‖e_j‖) (a similarity in [-1, 1]).
 * The paper used an ImageNet ResNet50; the default here is the frozen ImageNet trunk of nsfwjs's
 * MobileNetV2 (see defaultEmbedder.ts). Any Embedder can be passed instead (user models, the
 * SwAV encoder).
 */
import * as tf from '@tensorflow/tfjs';
import { describeActiveBackend } from '../../backend';
import { throwIfAborted } from '../../runtime/abort';
import { assertSliceStack } from '../../preprocess/sliceStackChecks';
import type { OptionsFor, SliceStack } from '../types';
import { cosineMatrix } from './cosine';
import { loadDefaultEmbedder } from './defaultEmbedder';
import { sliceBatch } from './preprocess';
import type { Embedder } from './types';

/** Slices embedded per forward pass unless the caller says otherwise. */
export const DEFAULT_BATCH_SIZE = 16;

/** ComputeOptions plus DeepNet's own (`embedder`, `batchSize`; MethodOptions in ../types). */
export type DeepnetOptions = OptionsFor<'deepnet'>;

export interface DeepnetResult {
  /** Row-major n × n cosine similarities; symmetric, diagonal exactly 1. */
  matrix: Float64Array;
  /** tfjs backend that ran, e.g. "webgpu" or "cpu". */
  backend: string;
  /** Everything that changes the values: embedder id and settings, batch size is not included. */
  params: Record<string, unknown>;
}

/**
 * Embeddings of all slices as an [n, dim] row-major Float32Array. Reads each batch back before
 * the next one (so progress is real and memory stays flat) and checks the abort signal between
 * batches. onProgress counts slices.
 */
export async function embedStack(stack: SliceStack, embedder: Embedder, opts: DeepnetOptions = {}): Promise<Float32Array> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`deepnet: batch size must be a positive integer, got ${batchSize}`);
  const out = new Float32Array(stack.n * embedder.dim);
  for (let start = 0; start < stack.n; start += batchSize) {
    throwIfAborted(opts.signal, 'deepnet');
    const count = Math.min(batchSize, stack.n - start);
    const batch = sliceBatch(stack, start, count, embedder.inputSize);
    let vectors: tf.Tensor2D;
    try {
      vectors = await embedder.embed(batch);
    } finally {
      batch.dispose();
    }
    try {
      if (vectors.shape[0] !== count || vectors.shape[1] !== embedder.dim) {
        throw new Error(`deepnet: embedder '${embedder.id}' returned shape [${vectors.shape}] for ${count} slices, expected [${count}, ${embedder.dim}]`);
      }
      out.set(await vectors.data(), start * embedder.dim);
    } finally {
      vectors.dispose();
    }
    opts.onProgress?.(start + count, stack.n);
  }
  return out;
}

/** Values that identify an embedder's output, for caches and manifests. */
export function embedderParams(embedder: Embedder): Record<string, unknown> {
  return { embedder: embedder.id, dim: embedder.dim, inputSize: embedder.inputSize, resize: 'bilinear-half-pixel', ...embedder.params };
}

/** Weights made on webgpu cannot move to another backend in Node (no sync GPU read): say so plainly. */
function assertUsableOnActiveBackend(embedder: Embedder | undefined): void {
  const active = tf.getBackend();
  if (embedder?.backend === 'webgpu' && active !== 'webgpu') {
    throw new Error(`deepnet: embedder '${embedder.id}' was loaded on webgpu but the active backend is ${active}; load it again after choosing the backend`);
  }
}

/** The DeepNet similarity matrix of a slice stack (see the module comment). */
export async function deepnetMatrix(stack: SliceStack, opts: DeepnetOptions = {}): Promise<DeepnetResult> {
  assertSliceStack(stack, 'deepnet');
  // Runs on the active backend: the process settled it (core/runtime settleBackend); never switched here.
  await tf.ready();
  throwIfAborted(opts.signal, 'deepnet');
  assertUsableOnActiveBackend(opts.embedder);
  const embedder = opts.embedder ?? (await loadDefaultEmbedder());
  try {
    const vectors = await embedStack(stack, embedder, opts);
    const embeddings = tf.tensor2d(vectors, [stack.n, embedder.dim]);
    try {
      const matrix = await cosineMatrix(embeddings, opts);
      return { matrix, backend: describeActiveBackend().name, params: embedderParams(embedder) };
    } finally {
      embeddings.dispose();
    }
  } finally {
    if (!opts.embedder) embedder.dispose();
  }
}
