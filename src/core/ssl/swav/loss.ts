/**
 * SwAV's swapped-prediction loss and the step diagnostics.
 *   loss = mean over assign crops a of [ mean over the other crops v of −mean_b Σ_k q_a[b,k] · log softmax(S_v[b]/τ)_k ]
 * with q_a = sinkhorn(S_a) computed without gradient (optionally over [queue; S_a], keeping the last B rows).
 */
import * as tf from '@tensorflow/tfjs';
import { sinkhornBatched } from './sinkhorn';
import { withoutGradient } from './stopGradient';

export interface SwavLossOptions {
  batch: number;
  totalCrops: number;
  cropsForAssign: number[];
  epsilon: number;
  sinkhornIterations: number;
  temperature: number;
  /** Queue scores [A, L, K] per assign crop to prepend before Sinkhorn, or undefined (no queue yet). */
  queueScores?: () => tf.Tensor3D;
}

export interface SwavLossResult {
  loss: tf.Scalar;
  /** Codes [A, B, K] of the assign crops (no gradient). */
  codes: tf.Tensor3D;
  /** log softmax(S/τ) of every crop, [V·B, K] (the diagnostics reuse it). */
  logProbs: tf.Tensor2D;
}

/** Blocks `crops` of x [V, B, K]: one slice when they are consecutive (no gather, whose gradient wasm lacks). */
function pickCrops(x: tf.Tensor3D, crops: number[]): tf.Tensor3D {
  const consecutive = crops.every((c, i) => c === crops[0] + i);
  if (consecutive) return x.slice([crops[0], 0, 0], [crops.length, -1, -1]);
  return tf.concat(crops.map((c) => x.slice([c, 0, 0], [1, -1, -1])));
}

/**
 * The loss in a few whole-batch ops: with L_v = log softmax(S_v/τ) and Σ_v L_v summed once,
 *   Σ_{v≠a} q_a·L_v = q_a·(Σ_v L_v − L_a),   loss = −Σ_a Σ_{b,k} q_a ⊙ (Σ_v L_v − L_a) / (A·(V−1)·B),
 * and the codes of all assign crops by one batched Sinkhorn computed off the gradient tape.
 */
export function swavLoss(scores: tf.Tensor2D, o: SwavLossOptions): SwavLossResult {
  const b = o.batch;
  const v = o.totalCrops;
  const k = scores.shape[1];
  const a = o.cropsForAssign.length;
  const logProbs = tf.logSoftmax(scores.div(o.temperature)) as tf.Tensor2D;
  const byCrop = logProbs.reshape([v, b, k]);
  const codes = withoutGradient(scores, (s) => {
    const own = pickCrops(s.reshape([v, b, k]) as tf.Tensor3D, o.cropsForAssign);
    const queued = o.queueScores?.();
    const full = queued ? (tf.concat([queued, own], 1) as tf.Tensor3D) : own;
    const q = sinkhornBatched(full, o.epsilon, o.sinkhornIterations);
    return queued ? (q.slice([0, q.shape[1] - b, 0], [-1, b, -1]) as tf.Tensor3D) : q;
  });
  const others = tf.sum(byCrop, 0).expandDims(0).sub(pickCrops(byCrop as tf.Tensor3D, o.cropsForAssign));
  const loss = tf.sum(codes.mul(others)).mul(-1 / (a * (v - 1) * b)) as tf.Scalar;
  return { loss, codes, logProbs };
}

/**
 * [loss, sampleEntropy, meanEntropy, prototypesUsed] as one float32 tensor (one read per step),
 * from the loss's log-probabilities logP = log softmax(S/τ):
 * p = softmax(S/τ) over every crop; sampleEntropy = mean_b H(p_b); meanEntropy = H(mean_b p_b);
 * prototypesUsed = distinct argmax_k p_b. Natural logs, so a uniform p gives ln K.
 */
export function stepDiagnostics(loss: tf.Scalar, logP: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const k = logP.shape[1];
    const p = tf.exp(logP);
    const sampleEntropy = tf.mean(tf.neg(tf.sum(p.mul(logP), 1)));
    const meanP = tf.mean(p, 0);
    const meanEntropy = tf.neg(tf.sum(meanP.mul(tf.log(meanP.add(1e-30)))));
    const used = tf.sum(tf.max(tf.oneHot(tf.argMax(p, 1), k), 0));
    return tf.stack([loss, sampleEntropy, meanEntropy, used.toFloat()]) as tf.Tensor1D;
  });
}
