/**
 * SwAV's queue of past embeddings, one row block per assign crop: newest first. Each step
 * `queue[a, B:] = queue[a, :-B]; queue[a, :B] = z_a`. Used (its scores prepended to S_a before
 * Sinkhorn) once it has been filled completely, as main_swav.py's `use_the_queue`.
 */
import * as tf from '@tensorflow/tfjs';
import type { CheckpointTensor } from '../types';

export class EmbeddingQueue {
  readonly rows: tf.Variable;
  /** Rows pushed so far (capped at length). */
  filled: number;

  constructor(
    readonly assignCrops: number,
    readonly length: number,
    readonly dim: number,
    saved?: CheckpointTensor,
    filled = 0,
  ) {
    this.rows = tf.variable(saved ? tf.tensor(saved.data, saved.shape) : tf.zeros([assignCrops, length, dim]), false);
    this.filled = filled;
  }

  get full(): boolean {
    return this.filled >= this.length;
  }

  /** Queue rows of assign crop a, [length, dim]. */
  of(a: number): tf.Tensor2D {
    return this.rows.slice([a, 0, 0], [1, -1, -1]).reshape([this.length, this.dim]);
  }

  /** Scores of every queued row against the prototypes [K, dim]: [assignCrops, length, K]. */
  scores(prototypes: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => tf.matMul(this.rows.reshape([this.assignCrops * this.length, this.dim]) as tf.Tensor2D, prototypes, false, true).reshape([this.assignCrops, this.length, -1]));
  }

  /** Push the current embeddings z_a ([B, dim] per assign crop) in front, dropping the oldest. */
  push(embeddings: tf.Tensor2D[]): void {
    tf.tidy(() => {
      const b = embeddings[0].shape[0];
      const blocks = embeddings.map((z, a) => tf.concat([z, this.of(a).slice([0, 0], [this.length - b, -1])]).expandDims(0));
      this.rows.assign(tf.concat(blocks) as tf.Tensor3D);
    });
    this.filled = Math.min(this.length, this.filled + embeddings[0].shape[0]);
  }

  async toTensor(): Promise<CheckpointTensor> {
    return { name: `queue/filled=${this.filled}`, shape: this.rows.shape, data: Float32Array.from(await this.rows.data()) };
  }

  static filledFrom(saved: CheckpointTensor): number {
    const m = /filled=(\d+)/.exec(saved.name);
    return m ? Number(m[1]) : 0;
  }

  dispose(): void {
    this.rows.dispose();
  }
}
