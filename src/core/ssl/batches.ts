/**
 * Which slices step s trains on: epochs of a seeded permutation, so batch s is a pure function of
 * (seed, s, count) and a resumed run needs no data-order state. Position p = s·B + j is item
 * p mod n of epoch ⌊p / n⌋'s permutation.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, permutation } from './rng';
import type { TrainingSlices } from './types';

export class BatchOrder {
  private epoch = -1;
  private perm: number[] = [];

  constructor(
    private readonly count: number,
    private readonly seed: number,
  ) {}

  indices(step: number, batch: number): number[] {
    const out: number[] = [];
    for (let j = 0; j < batch; j++) {
      const p = step * batch + j;
      const e = Math.floor(p / this.count);
      if (e !== this.epoch) {
        this.epoch = e;
        this.perm = permutation(this.count, new Rng((Math.imul(this.seed, 0x9e3779b1) ^ (e + 1)) >>> 0));
      }
      out.push(this.perm[p % this.count]);
    }
    return out;
  }
}

/** The chosen slices as a [B, rows, cols, 1] float tensor in [0, 1]. */
export function batchTensor(data: TrainingSlices, indices: number[]): tf.Tensor4D {
  const { rows, cols } = data;
  const pixels = new Float32Array(indices.length * rows * cols);
  indices.forEach((idx, b) => {
    const s = data.slice(idx);
    if (s.length !== rows * cols) throw new Error(`training slice ${data.ids?.[idx] ?? idx}: ${s.length} pixels, expected ${rows}×${cols}`);
    const off = b * rows * cols;
    for (let i = 0; i < s.length; i++) pixels[off + i] = s[i] / 255;
  });
  return tf.tensor4d(pixels, [indices.length, rows, cols, 1]);
}
