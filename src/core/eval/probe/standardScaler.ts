/**
 * scikit-learn 1.2's `StandardScaler().fit(X)` on dense float64 data, operation for operation
 * (`_incremental_mean_and_var` from zero samples, the corrected two-pass variance of Chan, Golub &
 * LeVeque): per feature, in sample order,
 *   mean = Σx / n;  t = x − mean;  var = (Σt² − (Σt)²/n) / n   (population variance);
 *   scale = √var, or 1 for a (near-)constant feature: var ≤ n·ε·var + (n·mean·ε)².
 * transform(x) = (x − mean) / scale.
 */
import type { Rows } from './logistic';

export interface Standardiser {
  mean: Float64Array;
  scale: Float64Array;
}

const EPS = 2.220446049250313e-16;

export function fitStandardiser(x: Rows): Standardiser {
  if (x.length === 0) throw new Error('standardiser: no samples');
  const n = x.length;
  const f = x[0].length;
  const sum = new Float64Array(f);
  for (const row of x) for (let j = 0; j < f; j++) sum[j] += row[j];
  const mean = sum.map((s) => s / n);
  const correction = new Float64Array(f);
  const squares = new Float64Array(f);
  for (const row of x) {
    for (let j = 0; j < f; j++) {
      const t = row[j] - mean[j];
      correction[j] += t;
      squares[j] += t * t;
    }
  }
  const scale = new Float64Array(f);
  for (let j = 0; j < f; j++) {
    const v = (squares[j] - (correction[j] * correction[j]) / n) / n;
    const constant = v <= n * EPS * v + (n * mean[j] * EPS) ** 2;
    scale[j] = constant ? 1 : Math.sqrt(v);
  }
  return { mean, scale };
}

export function standardise(s: Standardiser, x: Rows): Float64Array[] {
  return x.map((row) => Float64Array.from(s.mean, (m, j) => (row[j] - m) / s.scale[j]));
}
