/**
 * Downstream metrics with scikit-learn 1.2 semantics (golden: fixtures/reference/metrics/):
 * roc_auc_score (binary on class 1; multi-class one-vs-rest macro), f1_score (binary on class 1;
 * macro over the labels present in truth or prediction), accuracy_score, argmax predictions.
 * Labels are class indices 0..K-1; probabilities are one row of K per sample.
 */
import type { RunMetrics } from './types';

/** Mid-ranks (1-based, ties share the average of their ranks) of `values`, ascending. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    // positions start..end-1 (0-based) share rank mean(start+1 .. end) = (start + 1 + end) / 2
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) ranks[order[j]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Binary ROC AUC = Mann–Whitney U / (n₁·n₀) with average ranks for ties, which is exactly the
 * trapezoidal area under sklearn's ROC curve: AUC = (Σ ranks of positives − n₁(n₁+1)/2) / (n₁·n₀).
 * Throws when only one class is present (sklearn raises too: the AUC is undefined).
 */
export function rocAucBinary(isPositive: ArrayLike<boolean>, scores: ArrayLike<number>): number {
  if (isPositive.length !== scores.length) throw new Error(`AUC: ${isPositive.length} labels but ${scores.length} scores`);
  const ranks = averageRanks(scores);
  let n1 = 0;
  let rankSum = 0;
  for (let i = 0; i < ranks.length; i++) {
    if (isPositive[i]) {
      n1++;
      rankSum += ranks[i];
    }
  }
  const n0 = ranks.length - n1;
  if (n1 === 0 || n0 === 0) throw new Error('AUC is undefined: only one class is present in the labels');
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

/** AUC: binary (K = 2, score = P(class 1)) or one-vs-rest macro average over the K classes. */
export function rocAuc(labels: ArrayLike<number>, probabilities: ArrayLike<number>[]): number {
  const k = probabilities[0]?.length ?? 0;
  if (k < 2) throw new Error(`AUC needs at least 2 classes (got ${k} probability columns)`);
  const column = (c: number) => probabilities.map((row) => row[c]);
  const isClass = (c: number) => Array.from(labels, (y) => y === c);
  if (k === 2) return rocAucBinary(isClass(1), column(1));
  let sum = 0;
  for (let c = 0; c < k; c++) sum += rocAucBinary(isClass(c), column(c));
  return sum / k;
}

/** Index of the largest entry per row (the first on ties, like numpy's argmax). */
export function argmaxRows(probabilities: ArrayLike<number>[]): number[] {
  return probabilities.map((row) => {
    let best = 0;
    for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
    return best;
  });
}

/** F1 of one class: 2TP / (2TP + FP + FN); 0 when the class is neither true nor predicted (sklearn's zero_division=0). */
export function f1OfClass(labels: ArrayLike<number>, predicted: ArrayLike<number>, c: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] === c;
    const p = predicted[i] === c;
    if (t && p) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  const denom = 2 * tp + fp + fn;
  return denom === 0 ? 0 : (2 * tp) / denom;
}

/** F1: binary (class 1) when `classes` is 2, else the macro mean over labels in truth ∪ prediction. */
export function f1Score(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number {
  if (classes === 2) return f1OfClass(labels, predicted, 1);
  const present = [...new Set([...Array.from(labels), ...Array.from(predicted)])];
  let sum = 0;
  for (const c of present) sum += f1OfClass(labels, predicted, c);
  return sum / present.length;
}

export function accuracy(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) hits++;
  return hits / labels.length;
}

/** AUC, F1 and accuracy of one run's test predictions. */
export function runMetrics(labels: ArrayLike<number>, probabilities: ArrayLike<number>[]): RunMetrics {
  const classes = probabilities[0]?.length ?? 0;
  const predicted = argmaxRows(probabilities);
  return { auc: rocAuc(labels, probabilities), f1: f1Score(labels, predicted, classes), accuracy: accuracy(labels, predicted) };
}

/** Σx / n (numpy sums in 8 partial sums past 8 values; the difference is ~1e-16, far inside 1e-12). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('mean of no values');
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Standard deviation sqrt(Σ(x − mean)² / (n − ddof)); ddof 1 = sample std (NaN for one value). */
export function std(values: readonly number[], ddof: 0 | 1 = 1): number {
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (values.length - ddof));
}

/** Per-metric mean and sample std (ddof 1) over runs. */
export function summariseRuns(runs: readonly RunMetrics[]): { mean: RunMetrics; std: RunMetrics } {
  const pick = (k: keyof RunMetrics) => runs.map((r) => r[k]);
  return {
    mean: { auc: mean(pick('auc')), f1: mean(pick('f1')), accuracy: mean(pick('accuracy')) },
    std: { auc: std(pick('auc')), f1: std(pick('f1')), accuracy: std(pick('accuracy')) },
  };
}
