/**
 * BatchNorm with PyTorch's semantics (not tfjs-layers'): in training, normalise with the batch
 * mean and the biased batch variance; update running_mean/var with momentum 0.1 in PyTorch's
 * convention (running = 0.9·running + 0.1·batch) using the UNBIASED batch variance
 * (var · n/(n−1)); eps inside the square root. In eval, normalise with the running statistics.
 */
import * as tf from '@tensorflow/tfjs';

export const BN_MOMENTUM = 0.1;

/** Batch statistics one training-mode BN call produced (kept out of the gradient tidy). */
export interface BatchStats {
  name: string;
  mean: tf.Tensor1D;
  unbiasedVar: tf.Tensor1D;
}

export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number, name: string, record: BatchStats[]): tf.Tensor {
  const axes = x.rank === 4 ? [0, 1, 2] : [0];
  const n = axes.reduce((a, ax) => a * x.shape[ax], 1);
  if (n < 2) throw new Error(`BatchNorm ${name}: needs more than one value per channel in training (got ${n}); use a larger batch`);
  const { mean, variance } = tf.moments(x, axes);
  const y = x.sub(mean).mul(tf.rsqrt(variance.add(eps))).mul(gamma).add(beta);
  // the running-statistics update needs no gradient: keep copies that survive the forward tidy
  record.push({ name, mean: tf.keep(mean.clone()) as tf.Tensor1D, unbiasedVar: tf.keep(variance.mul(n / (n - 1))) as tf.Tensor1D });
  return y;
}

export function batchNormEval(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, runningMean: tf.Tensor, runningVar: tf.Tensor, eps: number): tf.Tensor {
  return x.sub(runningMean).mul(tf.rsqrt(runningVar.add(eps))).mul(gamma).add(beta);
}

/** Applies recorded batch statistics to the running buffers in call order, then frees them. */
export function updateRunningStats(
  record: BatchStats[],
  buffer: (name: string, which: 'running_mean' | 'running_var') => tf.Variable,
  counters: Map<string, number>,
): void {
  for (const r of record) {
    tf.tidy(() => {
      const m = buffer(r.name, 'running_mean');
      const v = buffer(r.name, 'running_var');
      m.assign(m.mul(1 - BN_MOMENTUM).add(r.mean.mul(BN_MOMENTUM)));
      v.assign(v.mul(1 - BN_MOMENTUM).add(r.unbiasedVar.mul(BN_MOMENTUM)));
    });
    counters.set(r.name, (counters.get(r.name) ?? 0) + 1);
    tf.dispose([r.mean, r.unbiasedVar]);
  }
  record.length = 0;
}
