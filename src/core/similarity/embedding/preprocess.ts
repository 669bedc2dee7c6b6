/**
 * Tensor plumbing shared by every embedder: slices → [0, 1] batches at the model's input size,
 * gray → network input (channels, mean/std), and a layer's output → one vector per image.
 */
import * as tf from '@tensorflow/tfjs';
import type { SliceStack } from '../types';
import type { InputNormalisation, Pooling } from './types';

/**
 * Slices [start, start+count) of the stack as a [count, h, w, 1] float32 batch in [0, 1]:
 * `g = u8 / 255`, then bilinear resize to `inputSize` (half-pixel centres, like Pillow and
 * OpenCV) when the slice size differs.
 */
export function sliceBatch(stack: SliceStack, start: number, count: number, inputSize: [number, number]): tf.Tensor4D {
  const len = stack.rows * stack.cols;
  const u8 = stack.pixels.subarray(start * len, (start + count) * len);
  return tf.tidy(() => {
    const gray = tf.tensor4d(Float32Array.from(u8), [count, stack.rows, stack.cols, 1]).div(255) as tf.Tensor4D;
    const [h, w] = inputSize;
    if (h === stack.rows && w === stack.cols) return gray;
    return tf.image.resizeBilinear(gray, [h, w], false, true);
  });
}

/** Per-channel values of a mean/std setting, checked against the channel count. */
function perChannel(value: number | number[], channels: number, what: string): number[] {
  const values = typeof value === 'number' ? new Array<number>(channels).fill(value) : value;
  if (values.length !== channels || values.some((v) => !Number.isFinite(v))) {
    throw new Error(`normalisation ${what} must be one number or ${channels} numbers, got ${JSON.stringify(value)}`);
  }
  if (what === 'std' && values.some((v) => v === 0)) throw new Error('normalisation std must not be 0');
  return values;
}

/** `x_c = (g - mean[c]) / std[c]`, with g replicated to `channels` channels. */
export function normaliseInput(gray: tf.Tensor4D, norm: InputNormalisation): tf.Tensor4D {
  const mean = perChannel(norm.mean, norm.channels, 'mean');
  const std = perChannel(norm.std, norm.channels, 'std');
  return tf.tidy(() => {
    const x = norm.channels === 3 ? tf.tile(gray, [1, 1, 1, 3]) : gray;
    const identity = mean.every((m) => m === 0) && std.every((s) => s === 1);
    return identity ? x.clone() : (x.sub(tf.tensor1d(mean)).div(tf.tensor1d(std)) as tf.Tensor4D);
  });
}

/** One vector per image: 4-D [b, h, w, c] outputs are pooled over h and w (or flattened); 2-D pass through. */
export function poolToVectors(out: tf.Tensor, pooling: Pooling): tf.Tensor2D {
  return tf.tidy(() => {
    if (out.rank === 2) return out.clone() as tf.Tensor2D;
    if (out.rank === 4 && pooling === 'avg') return tf.mean(out, [1, 2]) as tf.Tensor2D;
    if (out.rank === 4 && pooling === 'max') return tf.max(out, [1, 2]) as tf.Tensor2D;
    return out.reshape([out.shape[0], -1]) as tf.Tensor2D;
  });
}
