/**
 * The `confusability` job of the compute worker: the volumes' voxels (transferred), slice sets to
 * measure (per set, each volume's kept indices or null for all), the embedding and the view
 * settings; the result is core's ConfusabilityResult per set. Progress counts views embedded over
 * every set. Thin: the measure is core's (src/core/confusability).
 */
import type { BackendRequest } from '../core/backend/types';
import { deepnetEmbedder, measureConfusability, pixelsEmbedder, viewCount, type ConfusabilityResult, type SliceEmbedder } from '../core/confusability';
import { convertVolume } from '../core/pipeline/conversion';
import { settleBackend } from '../core/runtime/settleBackend';
import type { PresetName } from '../core/ssl/types';
import type { JobHandler } from './jobHost';
import type { TransferredVolume } from './similarityJob';
import { toVolume } from './similarityJobHandler';

export type ConfusabilityEmbedding = 'pixels' | 'deepnet';

export interface ConfusabilitySet {
  label: string;
  /** One entry per volume: its kept slice indices, or null for all of them. */
  kept: (number[] | null)[];
}

export interface ConfusabilityJobParams {
  volumes: TransferredVolume[];
  sets: ConfusabilitySet[];
  embedding: ConfusabilityEmbedding;
  preset: PresetName;
  anchors?: number;
  seed: number;
  backend: BackendRequest;
}

export interface ConfusabilityJobResult {
  sets: { label: string; result: ConfusabilityResult }[];
}

declare module './jobProtocol' {
  interface JobKinds {
    confusability: { params: ConfusabilityJobParams; result: ConfusabilityJobResult };
  }
}

async function openEmbedder(embedding: ConfusabilityEmbedding): Promise<SliceEmbedder> {
  return embedding === 'deepnet' ? deepnetEmbedder() : pixelsEmbedder();
}

export const confusabilityJob: JobHandler<'confusability'> = async (params, ctx) => {
  await settleBackend(params.backend);
  const stacks = params.volumes.map((t) => ({ id: t.id, stack: convertVolume(toVolume(t)).stack }));
  const total = params.sets.reduce((sum, set) => sum + stacks.reduce((t, v, i) => t + viewCount(set.kept[i]?.length ?? v.stack.n, params.anchors), 0), 0);
  const embedder = await openEmbedder(params.embedding);
  const sets: ConfusabilityJobResult['sets'] = [];
  let before = 0;
  try {
    for (const set of params.sets) {
      const volumes = stacks.map(({ id, stack }, i) => ({ id, slices: stack.pixels, rows: stack.rows, cols: stack.cols, ...(set.kept[i] ? { indices: set.kept[i] as number[] } : {}) }));
      const result = await measureConfusability(volumes, embedder, {
        preset: params.preset, anchors: params.anchors, seed: params.seed, signal: ctx.signal,
        onProgress: (done) => ctx.progress(before + done, total),
      });
      before += stacks.reduce((t, v, i) => t + viewCount(set.kept[i]?.length ?? v.stack.n, params.anchors), 0);
      sets.push({ label: set.label, result });
    }
  } finally {
    embedder.dispose?.();
  }
  return { result: { sets } };
};
