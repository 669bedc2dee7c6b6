/**
 * TEST REFERENCE: the per-crop loss as it was before the batched one (loss.ts), one Sinkhorn and
 * one log-likelihood per (assign crop, other crop) pair.
 * SwAV's swapped-prediction loss.
 *   loss = mean over assign crops a of [ mean over the other crops v of −mean_b Σ_k q_a[b,k] · log softmax(S_v[b]/τ)_k ]
 * with q_a = sinkhorn(S_a) computed without gradient (optionally over [queue; S_a], keeping the last B rows).
 */
import * as tf from '@tensorflow/tfjs';
import { sinkhorn } from '../sinkhorn';
import { stopGradient } from '../stopGradient';

export interface PerCropLossOptions {
  batch: number;
  totalCrops: number;
  cropsForAssign: number[];
  epsilon: number;
  sinkhornIterations: number;
  temperature: number;
  /** Per assign crop: queue embeddings [L, D] to extend the scores with, or undefined (no queue yet). */
  queueScores?: (assignIndex: number) => tf.Tensor2D | undefined;
}

/** Returns the loss scalar and the codes per assign crop (codes carry no gradient). */
export function perCropSwavLoss(scores: tf.Tensor2D, o: PerCropLossOptions): { loss: tf.Scalar; codes: tf.Tensor2D[] } {
  const b = o.batch;
  const rows = (v: number) => scores.slice([v * b, 0], [b, -1]) as tf.Tensor2D;
  const logProbs = Array.from({ length: o.totalCrops }, (_, v) => tf.logSoftmax(rows(v).div(o.temperature)));
  const codes: tf.Tensor2D[] = [];
  let total: tf.Scalar = tf.scalar(0);
  o.cropsForAssign.forEach((a, ai) => {
    const own = stopGradient(rows(a));
    const queued = o.queueScores?.(ai);
    const full = queued ? (tf.concat([stopGradient(queued), own]) as tf.Tensor2D) : own;
    let q = sinkhorn(full, o.epsilon, o.sinkhornIterations);
    if (queued) q = q.slice([q.shape[0] - b, 0], [b, -1]);
    codes.push(q);
    let sub: tf.Scalar = tf.scalar(0);
    for (let v = 0; v < o.totalCrops; v++) {
      if (v === a) continue;
      sub = sub.sub(tf.mean(tf.sum(q.mul(logProbs[v]), 1)));
    }
    total = total.add(sub.div(o.totalCrops - 1));
  });
  return { loss: total.div(o.cropsForAssign.length), codes };
}
