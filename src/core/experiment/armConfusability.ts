/**
 * An experiment arm's confusability (DESIGN.md "Confusability"), measured the same way wherever an
 * experiment runs — the CLI's `experiment` and the app's experiment worker call this, so their
 * reports agree for the same SPEC and data: the `pixels` embedding (training-free), the spec
 * preset's large-crop views, ARM_CONFUSABILITY_ANCHORS seeded anchors per volume with seed
 * ARM_CONFUSABILITY_SEED, over the arm's kept slices of each volume (volume ids are the SPEC's
 * `volumes` entries: the views' seeds depend on them).
 */
import { measureConfusability, pixelsEmbedder, type SliceEmbedder } from '../confusability';
import type { PresetName } from '../ssl/types';
import type { SliceStack } from '../volume/types';
import type { ArmSlices, ConfusabilityOutcome } from './types';

/** Anchors per volume for an arm's confusability: a seeded sample keeps it to seconds per arm. */
export const ARM_CONFUSABILITY_ANCHORS = 32;
/** The seed of every arm's confusability (the same anchors and views for every arm of a volume). */
export const ARM_CONFUSABILITY_SEED = 0;
/** The embedding every arm is measured in. */
export const ARM_CONFUSABILITY_EMBEDDING = 'pixels';

/** A volume as 8-bit slices (core toUint8Stack), under the id the SPEC gives it. */
export interface ArmConfusabilityVolume {
  id: string;
  stack: SliceStack;
}

export interface ArmConfusabilityOptions {
  signal?: AbortSignal;
  /** Views embedded so far and in all (over every volume of the arm). */
  onProgress?: (done: number, total: number) => void;
  /** Awaited before each batch of views (a worker's pause point: it holds while paused). */
  pausePoint?: () => Promise<void>;
}

/** The embedder, holding at `pausePoint` before each batch. */
function pausing(embedder: SliceEmbedder, pausePoint?: () => Promise<void>): SliceEmbedder {
  if (!pausePoint) return embedder;
  return { name: embedder.name, embed: async (views, size) => (await pausePoint(), embedder.embed(views, size)) };
}

/** Confusability of an arm's kept slices (see the module comment); volumes the arm keeps nothing of are left out. */
export async function measureArmConfusability(volumes: readonly ArmConfusabilityVolume[], slices: ArmSlices, preset: PresetName, opts: ArmConfusabilityOptions = {}): Promise<ConfusabilityOutcome> {
  // Volumes go by id (their views' seeds depend on it): two alike would share one kept list and one set of views.
  const twice = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const dupVolume = twice(volumes.map((v) => v.id));
  if (dupVolume !== undefined) throw new Error(`arm confusability: two volumes have the id '${dupVolume}'; each volume needs its own name`);
  const dupSlices = twice(slices.volumes.map((v) => v.id));
  if (dupSlices !== undefined) throw new Error(`arm confusability: the arm's slices name volume '${dupSlices}' twice; each volume needs its own name`);
  const kept = new Map(slices.volumes.map((v) => [v.id, v.kept]));
  const sets = volumes
    .map((v) => ({ id: v.id, slices: v.stack.pixels, rows: v.stack.rows, cols: v.stack.cols, indices: kept.get(v.id) ?? [] }))
    .filter((v) => v.indices.length > 0);
  const r = await measureConfusability(sets, pausing(pixelsEmbedder(), opts.pausePoint), {
    preset, anchors: ARM_CONFUSABILITY_ANCHORS, seed: ARM_CONFUSABILITY_SEED, signal: opts.signal, onProgress: opts.onProgress,
  });
  return {
    confusableRate: r.dataset.confusableRate, embedding: ARM_CONFUSABILITY_EMBEDDING, anchorsPerVolume: ARM_CONFUSABILITY_ANCHORS,
    seed: ARM_CONFUSABILITY_SEED, slices: r.dataset.slices, anchors: r.dataset.anchors, volumes: r.volumes,
  };
}
