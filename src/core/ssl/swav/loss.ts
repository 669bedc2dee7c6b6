/**
 * SwAV's swapped-prediction loss and the step diagnostics.
 *   loss = mean over assign crops a of [ mean over the other crops v of −mean_b Σ_k q_a[b,k] · log softmax(S_v[b]/τ)_k ]
 * with q_a = sinkhorn(S_a) computed without gradient (optionally over [queue; S_a], keeping the last B rows).
 */
import * as tf from '@tensorflow/tfjs';
import { sinkhorn } from './sinkhorn';
import { stopGradient } from './stopGradient';

export interface SwavLossOptions {
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
export function swavLoss(scores: tf.Tensor2D, o: SwavLossOptions): { loss: tf.Scalar; codes: tf.Tensor2D[] } {
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

/**
 * [loss, sampleEntropy, meanEntropy, prototypesUsed] as one float32 tensor (one read per step):
 * p = softmax(S/τ) over every crop; sampleEntropy = mean_b H(p_b); meanEntropy = H(mean_b p_b);
 * prototypesUsed = distinct argmax_k p_b. Natural logs, so a uniform p gives ln K.
 */
export function stepDiagnostics(loss: tf.Scalar, scores: tf.Tensor2D, temperature: number): tf.Tensor1D {
  return tf.tidy(() => {
    const k = scores.shape[1];
    const logP = tf.logSoftmax(scores.div(temperature));
    const p = tf.exp(logP);
    const sampleEntropy = tf.mean(tf.neg(tf.sum(p.mul(logP), 1)));
    const meanP = tf.mean(p, 0);
    const meanEntropy = tf.neg(tf.sum(meanP.mul(tf.log(meanP.add(1e-30)))));
    const used = tf.sum(tf.max(tf.oneHot(tf.argMax(p, 1), k), 0));
    return tf.stack([loss, sampleEntropy, meanEntropy, used.toFloat()]) as tf.Tensor1D;
  });
}
