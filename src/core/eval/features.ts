/**
 * Encoder inputs and features. Inputs follow contract A: the slice resized to S×S (bilinear), then
 * (u8/255 − mean)/std, shape [N, S, S, 1]. Features: the encoder's [N, F] output, in batches.
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from '../runtime';
import { resizeBilinear } from './resize';
import type { LabelledSample } from './types';

export interface InputNorm {
  size: number;
  mean: number;
  std: number;
}

/** A [n, S, S, 1] float32 batch of the given samples, normalised. */
export function inputBatch(samples: readonly LabelledSample[], indices: readonly number[], norm: InputNorm): tf.Tensor4D {
  const { size, mean, std } = norm;
  const data = new Float32Array(indices.length * size * size);
  indices.forEach((idx, k) => {
    const s = samples[idx];
    const px = resizeBilinear(s.pixels, s.rows, s.cols, size, size);
    for (let p = 0; p < px.length; p++) data[k * size * size + p] = (px[p] / 255 - mean) / std;
  });
  return tf.tensor4d(data, [indices.length, size, size, 1]);
}

/** The model's outputs for `indices` (inference mode), one Float32Array row per sample. */
export async function predictRows(
  model: tf.LayersModel,
  samples: readonly LabelledSample[],
  indices: readonly number[],
  norm: InputNorm,
  batch: number,
  signal?: AbortSignal,
): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (let start = 0; start < indices.length; start += batch) {
    throwIfAborted(signal, 'evaluate');
    const x = inputBatch(samples, indices.slice(start, start + batch), norm);
    const y = model.predict(x) as tf.Tensor;
    const width = y.shape[y.shape.length - 1]!;
    const flat = (await y.data()) as Float32Array;
    tf.dispose([x, y]);
    for (let r = 0; r * width < flat.length; r++) rows.push(flat.slice(r * width, (r + 1) * width));
  }
  return rows;
}

/** Raw-pixel features: each slice downsampled to size² (bilinear) and scaled to 0..1 (the baseline). */
export function pixelFeatures(samples: readonly LabelledSample[], size: number): Float32Array[] {
  return samples.map((s) => resizeBilinear(s.pixels, s.rows, s.cols, size, size).map((v) => v / 255));
}
