/**
 * Grad-CAM needs a classifier head on the encoder's pooled features. Without a fine-tuned one, a
 * linear probe (core/eval/linearProbe: softmax regression, Adam, early stopping) is fitted on the
 * features, and its standardisation folded into the weights:
 *   y_c = Σ_j ((f_j − μ_j)/σ_j) W_jc + b_c  =  Σ_j f_j (W_jc/σ_j) + (b_c − Σ_j μ_j W_jc/σ_j).
 */
import { trainLinearProbe, type LinearProbe } from '../eval/linearProbe';
import type { LinearHead } from './gradcam';

export function probeAsHead(p: LinearProbe): LinearHead {
  const k = p.classes;
  const f = p.centre.length;
  const weight = new Float32Array(k * f);
  const bias = Float32Array.from(p.bias);
  for (let j = 0; j < f; j++) {
    for (let c = 0; c < k; c++) {
      const w = p.weights[j * k + c] / p.scale[j];
      weight[c * f + j] = w;
      bias[c] -= p.centre[j] * w;
    }
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
  seed: number;
  signal?: AbortSignal;
}

/** A linear probe fitted on features (100 epochs at most, batch 64, lr 1e-2, patience 10), as a head. */
export function fitProbeHead(o: ProbeFit): LinearHead {
  const probe = trainLinearProbe(o.trainX, o.trainY, o.valX, o.valY, { classes: o.classes, epochs: 100, batch: 64, lr: 1e-2, patience: 10, seed: o.seed, signal: o.signal });
  return probeAsHead(probe);
}
