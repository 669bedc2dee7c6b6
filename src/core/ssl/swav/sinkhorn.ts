/**
 * Sinkhorn–Knopp codes, as facebookresearch/swav's distributed_sinkhorn (one process):
 *   Q = exp(S/ε)ᵀ (K×B); Q /= ΣQ; repeat n times { Q /= rowsum(Q); Q /= K; Q /= colsum(Q); Q /= B }; return (B·Q)ᵀ.
 * The only change is a shift by the global maximum, exp((S − max S)/ε): a constant factor that
 * the first normalisation removes, so the result is the same while float32 cannot overflow
 * (scores are cosines, S/ε reaches 20). No per-row shift: that would change the codes.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Codes [A, B, K] for A independent score blocks [A, B, K] (one per assign crop) in one chain of
 * ~25 kernels. The same steps as the K×B form without its transposes: "rows" of Qᵀ (a prototype
 * over the samples) are axis 1 here, "columns" (a sample over the prototypes) axis 2; the global
 * maximum and total are per block. No gradient: call it on stop-gradient input.
 */
export function sinkhornBatched(scores: tf.Tensor3D, epsilon: number, iterations: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [, b, k] = scores.shape;
    let q = tf.exp(scores.sub(scores.max([1, 2], true)).div(epsilon)) as tf.Tensor3D;
    q = q.div(q.sum([1, 2], true));
    for (let i = 0; i < iterations; i++) {
      q = q.div(q.sum(1, true)).div(k);
      q = q.div(q.sum(2, true)).div(b);
    }
    return q.mul(b);
  });
}

/** Codes [B, K] for scores [B, K] on the active backend (no gradient: wrap the input in stopGradient). */
export function sinkhorn(scores: tf.Tensor2D, epsilon: number, iterations: number): tf.Tensor2D {
  return tf.tidy(() => sinkhornBatched(scores.expandDims(0) as tf.Tensor3D, epsilon, iterations).squeeze([0]) as tf.Tensor2D);
}

/** The plain-TypeScript float64 reference of the same algorithm (row-major [B, K] in and out). */
export function sinkhornReference(scores: ArrayLike<number>, b: number, k: number, epsilon: number, iterations: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < b * k; i++) max = Math.max(max, scores[i]);
  // q[j][i] stored as [K][B]: prototype j, sample i
  const q = new Float64Array(k * b);
  let total = 0;
  for (let i = 0; i < b; i++)
    for (let j = 0; j < k; j++) {
      const v = Math.exp((scores[i * k + j] - max) / epsilon);
      q[j * b + i] = v;
      total += v;
    }
  for (let t = 0; t < q.length; t++) q[t] /= total;
  for (let it = 0; it < iterations; it++) {
    for (let j = 0; j < k; j++) {
      let row = 0;
      for (let i = 0; i < b; i++) row += q[j * b + i];
      for (let i = 0; i < b; i++) q[j * b + i] = q[j * b + i] / row / k;
    }
    for (let i = 0; i < b; i++) {
      let col = 0;
      for (let j = 0; j < k; j++) col += q[j * b + i];
      for (let j = 0; j < k; j++) q[j * b + i] = q[j * b + i] / col / b;
    }
  }
  const out = new Float64Array(b * k);
  for (let i = 0; i < b; i++) for (let j = 0; j < k; j++) out[i * k + j] = q[j * b + i] * b;
  return out;
}

/**
 * Equipartition error of codes [B, K]: max over prototypes of |Σ_b q[b][k] − B/K| / (B/K).
 * Sinkhorn drives it to 0 as iterations grow (columns of q sum to 1 exactly after each pass).
 */
export function equipartitionError(codes: ArrayLike<number>, b: number, k: number): number {
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < b; i++) s += codes[i * k + j];
    worst = Math.max(worst, Math.abs(s - b / k) / (b / k));
  }
  return worst;
}
