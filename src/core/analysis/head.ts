/**
 * Grad-CAM needs a classifier head on the encoder's pooled features. Without a fine-tuned one, the
 * linear probe (core/eval/linearProbe: scikit-learn's standardised L2 logistic regression, C by
 * validation AUC) is fitted on the features, and its standardisation folded into the weights:
 *   z_c = Σ_j ((f_j − μ_j)/σ_j) W_cj + b_c  =  Σ_j f_j (W_cj/σ_j) + (b_c − Σ_j μ_j W_cj/σ_j).
 * Two classes: the probe has one row (p₁ = σ(z)); the head's logits are [−z/2, z/2], whose softmax
 * is [1 − σ(z), σ(z)], so each class's Grad-CAM is the other's mirror.
 */
import { trainLinearProbe, type LinearProbe } from '../eval/linearProbe';
import type { LinearHead } from './gradcam';

export function probeAsHead(p: LinearProbe): LinearHead {
  const m = p.chosen.model;
  const { mean, scale } = p.scaler;
  const k = m.classes;
  const f = m.features;
  const rawWeight = (c: number, j: number) => (k === 2 ? (c === 1 ? 0.5 : -0.5) * m.coef[j] : m.coef[c * f + j]);
  const rawBias = (c: number) => (k === 2 ? (c === 1 ? 0.5 : -0.5) * m.intercept[0] : m.intercept[c]);
  const weight = new Float32Array(k * f);
  const bias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let b = rawBias(c);
    for (let j = 0; j < f; j++) {
      const w = rawWeight(c, j) / scale[j];
      weight[c * f + j] = w;
      b -= mean[j] * w;
    }
    bias[c] = b;
  }
  return { classes: k, features: f, weight, bias };
}

/** y = W f + b for every row. */
export function headLogits(head: LinearHead, rows: readonly ArrayLike<number>[]): number[][] {
  return rows.map((r) => Array.from({ length: head.classes }, (_, c) => {
    let s = head.bias[c];
    for (let j = 0; j < head.features; j++) s += head.weight[c * head.features + j] * r[j];
    return s;
  }));
}

export interface ProbeFit {
  trainX: readonly ArrayLike<number>[];
  trainY: readonly number[];
  valX: readonly ArrayLike<number>[];
  valY: readonly number[];
  classes: number;
  signal?: AbortSignal;
}

/** The linear probe (C chosen on the validation part) fitted on features, as a head. */
export function fitProbeHead(o: ProbeFit): LinearHead {
  return probeAsHead(trainLinearProbe(o.trainX, o.trainY, o.valX, o.valY, { classes: o.classes, signal: o.signal }));
}
