/**
 * TEST REFERENCE: training-mode BatchNorm and the running-statistics update as they were before the
 * closed-form op (batchNorm.ts): autodiff through tf.moments, one update per recorded call.
 */
import * as tf from '@tensorflow/tfjs';
import { BN_MOMENTUM, type BatchStats } from '../batchNorm';

export function autodiffBatchNormTrain(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number, name: string, record: BatchStats[]): tf.Tensor {
  const axes = x.rank === 4 ? [0, 1, 2] : [0];
  const n = axes.reduce((a, ax) => a * x.shape[ax], 1);
  const { mean, variance } = tf.moments(x, axes);
  const y = x.sub(mean).mul(tf.rsqrt(variance.add(eps))).mul(gamma).add(beta);
  record.push({ name, mean: tf.keep(mean.clone()) as tf.Tensor1D, variance: tf.keep(variance.clone()) as tf.Tensor1D, count: n });
  return y;
}

export function sequentialRunningStats(record: BatchStats[], buffer: (name: string, which: 'running_mean' | 'running_var') => tf.Variable): void {
  for (const r of record) {
    tf.tidy(() => {
      const m = buffer(r.name, 'running_mean');
      const v = buffer(r.name, 'running_var');
      m.assign(m.mul(1 - BN_MOMENTUM).add(r.mean.mul(BN_MOMENTUM)));
      v.assign(v.mul(1 - BN_MOMENTUM).add(r.variance.mul(r.count / (r.count - 1)).mul(BN_MOMENTUM)));
    });
    tf.dispose([r.mean, r.variance]);
  }
  record.length = 0;
}
