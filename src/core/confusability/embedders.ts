/**
 * The embeddings confusability is measured in: `pixels` (the view itself at 32², standardised),
 * `deepnet` (the bundled DeepNet trunk, or any DeepNet Embedder) and a ctsieve encoder (a tfjs
 * layers model with contract A's input normalisation). Each returns unit rows.
 */
import * as tf from '@tensorflow/tfjs';
import { loadDefaultEmbedder } from '../similarity/embedding/defaultEmbedder';
import type { Embedder } from '../similarity/embedding/types';
import type { SliceEmbedder } from './types';
import { resizeBilinear } from '../eval/resize';

export const PIXELS_SIZE = 32;
/** Below this std (on the 0..1 scale) a view is flat: its standardised form is float noise, so it embeds to zero. */
const FLAT_STD = 1e-4;

/** z = (x − mean)/std over the image, then scaled to unit length (a zero row for a flat image). */
export function standardisedUnit(x: Float32Array): Float32Array {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const std = Math.sqrt(ss / x.length);
  if (std < FLAT_STD) return new Float32Array(x.length);
  // standardised values have squared norm N, so unit length is (x − mean) / (std·√N)
  const k = 1 / (std * Math.sqrt(x.length));
  return x.map((v) => (v - mean) * k);
}

/** `pixels`: the view resized to 32², standardised (cosine = Pearson correlation of the pixels). */
export function pixelsEmbedder(): SliceEmbedder {
  return {
    name: 'pixels',
    embed: (views, size) => Promise.resolve(views.map((v) => standardisedUnit(resizeBilinear(v, size, size, PIXELS_SIZE, PIXELS_SIZE)))),
  };
}

/** [n, size, size, 1] tensor of the views. */
function viewTensor(views: readonly Float32Array[], size: number): tf.Tensor4D {
  const flat = new Float32Array(views.length * size * size);
  views.forEach((v, k) => flat.set(v, k * size * size));
  return tf.tensor4d(flat, [views.length, size, size, 1]);
}

/** Rows of an [n, d] tensor, each scaled to unit length (the tensor is disposed). */
async function unitRows(y: tf.Tensor2D): Promise<Float32Array[]> {
  const normed = tf.tidy(() => y.div(tf.maximum(tf.norm(y, 'euclidean', 1, true), 1e-12)));
  y.dispose();
  const flat = (await normed.data()) as Float32Array;
  const [n, d] = normed.shape;
  normed.dispose();
  return Array.from({ length: n }, (_, i) => flat.slice(i * d, (i + 1) * d));
}

/** A DeepNet Embedder (default: the bundled MobileNetV2 trunk) seeing each view resized to its input size. */
export async function deepnetEmbedder(embedder?: Embedder): Promise<SliceEmbedder> {
  const inner = embedder ?? (await loadDefaultEmbedder());
  return {
    name: embedder ? `deepnet:${inner.id}` : 'deepnet',
    async embed(views, size) {
      const x = tf.tidy(() => tf.image.resizeBilinear(viewTensor(views, size), inner.inputSize, false, true));
      try {
        return await unitRows(await inner.embed(x));
      } finally {
        x.dispose();
      }
    },
    dispose: () => {
      if (!embedder) inner.dispose();
    },
  };
}

/** Contract A's input of a ctsieve encoder: S × S, (g − mean)/std. */
export interface EncoderInput {
  inputSize: number;
  mean: number;
  std: number;
}

/** A ctsieve encoder (tfjs layers model, pooled [n, F] output); the caller owns and disposes the model. */
export function encoderEmbedder(model: tf.LayersModel, input: EncoderInput, name: string): SliceEmbedder {
  return {
    name: `encoder:${name}`,
    async embed(views, size) {
      const y = tf.tidy(() => {
        const x = tf.image.resizeBilinear(viewTensor(views, size), [input.inputSize, input.inputSize], false, true);
        return model.predict(x.sub(input.mean).div(input.std)) as tf.Tensor2D;
      });
      return unitRows(y);
    },
  };
}
