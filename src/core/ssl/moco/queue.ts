/**
 * MoCo's queue of negative keys: K rows of dimension D, L2-normalised, a ring with a pointer
 * (moco/builder.py `_dequeue_and_enqueue`): rows ptr..ptr+B−1 ← the batch's keys, ptr = (ptr + B) mod K.
 * K must be a multiple of B. It starts as normalised Gaussian rows (MoCo's `randn` then `normalize`),
 * drawn from the run's seed so every backend starts alike.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import type { CheckpointTensor } from '../types';

export class KeyQueue {
  readonly rows: tf.Variable<tf.Rank.R2>;

  constructor(
    readonly length: number,
    readonly dim: number,
    init: Float32Array,
    public ptr = 0,
  ) {
    if (init.length !== length * dim) throw new Error(`MoCo queue: ${init.length} values for ${length}×${dim}`);
    this.rows = tf.variable(tf.tensor2d(init, [length, dim]), false);
  }

  /** Normalised Gaussian rows from `seed`. */
  static random(length: number, dim: number, seed: number): KeyQueue {
    const rng = new Rng(seed ^ 0x9ee0e);
    const data = new Float32Array(length * dim);
    for (let r = 0; r < length; r++) {
      let n = 0;
      for (let c = 0; c < dim; c++) {
        const v = rng.normal();
        data[r * dim + c] = v;
        n += v * v;
      }
      const d = Math.max(Math.sqrt(n), 1e-12);
      for (let c = 0; c < dim; c++) data[r * dim + c] /= d;
    }
    return new KeyQueue(length, dim, data);
  }

  static fromCheckpoint(t: CheckpointTensor): KeyQueue {
    const m = /ptr=(\d+)/.exec(t.name);
    return new KeyQueue(t.shape[0], t.shape[1], t.data, m ? Number(m[1]) : 0);
  }

  /** Replaces rows ptr..ptr+B−1 with keys [B, D] and advances the pointer. */
  enqueue(keys: tf.Tensor2D): void {
    const b = keys.shape[0];
    if (this.length % b !== 0) throw new Error(`MoCo queue: length ${this.length} is not a multiple of the batch ${b}`);
    tf.tidy(() => {
      const parts: tf.Tensor2D[] = [];
      if (this.ptr > 0) parts.push(this.rows.slice([0, 0], [this.ptr, -1]));
      parts.push(keys);
      if (this.ptr + b < this.length) parts.push(this.rows.slice([this.ptr + b, 0], [-1, -1]));
      this.rows.assign(tf.concat(parts));
    });
    this.ptr = (this.ptr + b) % this.length;
  }

  async toTensor(): Promise<CheckpointTensor> {
    return { name: `queue/ptr=${this.ptr}`, shape: this.rows.shape, data: Float32Array.from(await this.rows.data()) };
  }

  dispose(): void {
    this.rows.dispose();
  }
}
