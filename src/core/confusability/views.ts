/**
 * Augmented views for confusability: the preset's large crop (SwAV's global crop — random resized
 * crop over minScale[0]..maxScale[0] of the area, flip, brightness/contrast jitter and blur with the
 * preset's jitterStrength and blurProbability, i.e. what SwAV training with that preset sees; the
 * same SwAV views for every `ssl` method, so the rate compares slice sets, not methods), made by
 * the same code as pre-training (../ssl/multiCrop.ts) but left in 0..1 (mean 0, std 1).
 */
import * as tf from '@tensorflow/tfjs';
import { cropGroup, sampleCropParams, type CropKind } from '../ssl/multiCrop';
import { pretrainPreset } from '../ssl/presets';
import type { PresetName } from '../ssl/types';
import { viewRng, type ViewRole } from './seeds';
import type { ConfusabilityVolume } from './types';

/** The preset's large-crop kind, one crop per request. */
export function largeCrop(preset: PresetName): CropKind {
  const c = pretrainPreset(preset);
  return { count: 1, size: c.cropSizes[0], minScale: c.minScale[0], maxScale: c.maxScale[0], jitterStrength: c.jitterStrength, blurProbability: c.blurProbability };
}

/** One view to draw: slice index (in the volume) and its role. */
export interface ViewRequest {
  slice: number;
  role: ViewRole;
}

/** Slice i of a volume as 8-bit pixels. */
export function slicePixels(volume: ConfusabilityVolume, i: number): Uint8Array {
  const len = volume.rows * volume.cols;
  if (volume.slices instanceof Uint8Array) return volume.slices.subarray(i * len, (i + 1) * len);
  return (volume.slices as readonly Uint8Array[])[i];
}

/** Number of slices a volume holds. */
export function sliceCount(volume: ConfusabilityVolume): number {
  if (volume.slices instanceof Uint8Array) return Math.floor(volume.slices.length / (volume.rows * volume.cols));
  return (volume.slices as readonly Uint8Array[]).length;
}

/** The requested views, size × size in 0..1, one Float32Array each (one tfjs call for the batch). */
export async function drawViews(volume: ConfusabilityVolume, requests: readonly ViewRequest[], kind: CropKind, seed: number): Promise<Float32Array[]> {
  const { rows, cols } = volume;
  const len = rows * cols;
  const pixels = new Float32Array(requests.length * len);
  requests.forEach((r, k) => {
    const px = slicePixels(volume, r.slice);
    for (let p = 0; p < len; p++) pixels[k * len + p] = px[p] / 255;
  });
  const params = requests.map((r) => sampleCropParams(rows, cols, kind, viewRng(seed, volume.id, r.slice, r.role)));
  const images = tf.tensor4d(pixels, [requests.length, rows, cols, 1]);
  const crops = cropGroup(images, params, kind.size, 0, 1);
  images.dispose();
  const flat = (await crops.data()) as Float32Array;
  crops.dispose();
  const area = kind.size * kind.size;
  return requests.map((_, k) => flat.slice(k * area, (k + 1) * area));
}
