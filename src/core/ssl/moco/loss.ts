/**
 * InfoNCE of MoCo (moco/builder.py forward + main_moco.py's CrossEntropyLoss), per query b:
 *   logits_b = [q_b·k_b, q_b·queue_1, …, q_b·queue_K] / τ,   loss = mean_b −log softmax(logits_b)_0
 * q [B, D] and k [B, D] L2-normalised; k and the queue carry no gradient (computed outside it).
 */
import * as tf from '@tensorflow/tfjs';

export function infoNceLogits(q: tf.Tensor2D, k: tf.Tensor2D, queue: tf.Tensor2D, temperature: number): tf.Tensor2D {
  const positive = tf.sum(q.mul(k), 1, true);
  const negative = tf.matMul(q, queue, false, true);
  return tf.concat([positive, negative], 1).div(temperature) as tf.Tensor2D;
}

export function infoNceLoss(logits: tf.Tensor2D): tf.Scalar {
  const logP = tf.logSoftmax(logits);
  return tf.neg(tf.mean(logP.slice([0, 0], [-1, 1]))) as tf.Scalar;
}

/**
 * [loss, sampleEntropy, meanEntropy, keysUsed, positiveSimilarity, negativeSimilarity, top1] as one
 * tensor (one read per step). p = softmax(logits) over the 1 + K candidate keys; sampleEntropy =
 * mean_b H(p_b); meanEntropy = H(mean_b p_b); keysUsed = distinct argmax_b; similarities are cosines
 * (logits·τ); top1 = fraction of queries whose positive has the largest logit. Natural logs: a
 * query that cannot tell its key apart sits at ln(1 + K).
 */
export function mocoDiagnostics(loss: tf.Scalar, logits: tf.Tensor2D, temperature: number): tf.Tensor1D {
  return tf.tidy(() => {
    const n = logits.shape[1];
    const logP = tf.logSoftmax(logits);
    const p = tf.exp(logP);
    const sampleEntropy = tf.mean(tf.neg(tf.sum(p.mul(logP), 1)));
    const meanP = tf.mean(p, 0);
    const meanEntropy = tf.neg(tf.sum(meanP.mul(tf.log(meanP.add(1e-30)))));
    const winners = tf.argMax(logits, 1);
    const used = tf.sum(tf.max(tf.oneHot(winners, n), 0)).toFloat();
    const cos = logits.mul(temperature);
    const positive = tf.mean(cos.slice([0, 0], [-1, 1]));
    const negative = tf.mean(cos.slice([0, 1], [-1, -1]));
    const top1 = tf.mean(tf.equal(winners, 0).toFloat());
    return tf.stack([loss, sampleEntropy, meanEntropy, used, positive, negative, top1]) as tf.Tensor1D;
  });
}
