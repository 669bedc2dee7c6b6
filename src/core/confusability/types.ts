/**
 * Confusability (DESIGN.md "Experiments that can answer…"): how often a different slice of the same
 * volume is at least as alike as a second augmented view of the same slice, in an embedding.
 */
import type { PresetName } from '../ssl/types';

/**
 * Anything that turns augmented views into unit vectors. `views` are size × size grey images in
 * 0..1 (row-major); the result has one L2-normalised row per view (a zero row when the view carries
 * no signal, e.g. a constant image under `pixels`).
 */
export interface SliceEmbedder {
  /** 'pixels', 'deepnet', 'encoder:<name>' — goes into reports. */
  name: string;
  embed(views: readonly Float32Array[], size: number): Promise<Float32Array[]>;
  dispose?(): void;
}

/** One volume's slices: a flat n·rows·cols buffer or one buffer per slice (8-bit). */
export interface ConfusabilityVolume {
  id: string;
  slices: Uint8Array | readonly Uint8Array[];
  rows: number;
  cols: number;
  /** Slice indices that make up S (a reduction's kept slices); default all. */
  indices?: readonly number[];
}

export interface ConfusabilityOptions {
  preset: PresetName;
  /** Anchors per volume: a seeded sample of this many of S (default: all of S). */
  anchors?: number;
  seed: number;
  signal?: AbortSignal;
  /** Views embedded so far and in all (over every volume). */
  onProgress?: (done: number, total: number) => void;
  /** Views per embed call (default 16): bounds memory whatever the volume's size. */
  batchSize?: number;
}

export interface VolumeConfusability {
  id: string;
  /** |S|. */
  slices: number;
  /** Anchors measured (0 when |S| < 2: no other slice to confuse with). */
  anchors: number;
  /** Mean over anchors of |{y ≠ x: s⁻(y) ≥ s⁺}| / (|S| − 1). */
  confusableRate: number;
  /** Mean s⁺ = f(v1)·f(v2) over anchors (null without anchors). */
  positiveMean: number | null;
  /** Mean s⁻(y) = f(v1)·f(w_y) over every anchor and every other slice. */
  negativeMean: number | null;
  /** Mean s⁻ over the anchor's neighbours in S (the previous and next slice of S by index). */
  adjacentNegativeMean: number | null;
}

export interface ConfusabilityResult {
  volumes: VolumeConfusability[];
  /** confusableRate: the anchor-weighted mean over volumes. */
  dataset: { slices: number; anchors: number; confusableRate: number };
}
