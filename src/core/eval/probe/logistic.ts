/**
 * L2-regularised logistic regression as scikit-learn 1.2's `LogisticRegression(solver='lbfgs')`
 * fits it (`_logistic_regression_path` with `LinearModelLoss`), on features already standardised:
 * - binary (2 classes, its 'ovr' formulation): one weight vector w and intercept b for class 1;
 *   minimise Σᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ] + ‖w‖²/(2C), zᵢ = w·xᵢ + b, yᵢ ∈ {0, 1};
 * - multinomial (> 2 classes): W (K × F) and b (K); minimise Σᵢ [logΣₖe^{zᵢₖ} − zᵢ,yᵢ] + ‖W‖²_F/(2C).
 * The intercepts are not penalised. Parameters start at zero; lbfgs (./lbfgs.ts) with scikit-learn's
 * settings (memory 10, max_iter, tol → pgtol, scipy's default ftol). The multinomial parameters are
 * laid out as scikit-learn ravels them (class fastest: w[j·K + k], intercepts last), and the pointwise
 * loss and gradient use its numerically stable forms (sklearn/_loss/_loss.pyx), so evaluations
 * agree to the last bits and the solver stops where scikit-learn's does.
 */
import { minimizeLbfgs, type LbfgsResult } from './lbfgs';

export type Rows = readonly ArrayLike<number>[];

export interface LogisticModel {
  /** K' × F row-major, K' = 1 for two classes (class 1's weights), else K. */
  coef: Float64Array;
  /** K' intercepts. */
  intercept: Float64Array;
  classes: number;
  features: number;
}

export interface LogisticFit extends LogisticModel {
  iterations: number;
  stop: LbfgsResult['reason'];
}

export interface LogisticOptions {
  /** Inverse regularisation strength (> 0). */
  C: number;
  /** scikit-learn's max_iter (default 100) and tol (default 1e-4). */
  maxIterations?: number;
  tol?: number;
  onIteration?(iteration: number): void;
}

/** log(1 + eˣ) as scikit-learn's `log1pexp`. */
function log1pexp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= -2) return Math.log1p(Math.exp(x));
  if (x <= 18) return Math.log(1 + Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/** d/dz of the half binomial loss, σ(z) − y, as scikit-learn computes it. */
function binomialGradient(y: number, z: number): number {
  if (z > -37) {
    const e = Math.exp(-z);
    return (1 - y - y * e) / (1 + e);
  }
  return Math.exp(z) - y;
}

/** Σ loss + ‖w‖²/(2C) and its gradient; parameters [w₀…w_{F−1}, b]. */
function binaryObjective(x: Rows, y: readonly number[], l2: number): (p: Float64Array, g: Float64Array) => number {
  const f = x[0].length;
  return (p, grad) => {
    let loss = 0;
    grad.fill(0);
    let gb = 0;
    const point = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const row = x[i];
      let z = 0;
      for (let j = 0; j < f; j++) z += row[j] * p[j];
      z += p[f];
      loss += log1pexp(z) - y[i] * z;
      point[i] = binomialGradient(y[i], z);
    }
    for (let j = 0; j < f; j++) {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i][j] * point[i];
      grad[j] = s + l2 * p[j];
    }
    for (let i = 0; i < x.length; i++) gb += point[i];
    grad[f] = gb;
    let ww = 0;
    for (let j = 0; j < f; j++) ww += p[j] * p[j];
    return loss + 0.5 * l2 * ww;
  };
}

/** Multinomial objective; parameters p[j·K + k] (j = F is the intercept). */
function multinomialObjective(x: Rows, y: readonly number[], k: number, l2: number): (p: Float64Array, g: Float64Array) => number {
  const f = x[0].length;
  return (p, grad) => {
    let loss = 0;
    const point = new Float64Array(x.length * k);
    const z = new Float64Array(k);
    for (let i = 0; i < x.length; i++) {
      const row = x[i];
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < f; j++) s += row[j] * p[j * k + c];
        z[c] = s + p[f * k + c];
      }
      let max = z[0];
      for (let c = 1; c < k; c++) max = Math.max(max, z[c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[c] - max);
      loss += Math.log(sum) + max - z[y[i]];
      for (let c = 0; c < k; c++) point[i * k + c] = Math.exp(z[c] - max) / sum - (c === y[i] ? 1 : 0);
    }
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < f; j++) {
        let s = 0;
        for (let i = 0; i < x.length; i++) s += point[i * k + c] * x[i][j];
        grad[j * k + c] = s + l2 * p[j * k + c];
      }
      let gb = 0;
      for (let i = 0; i < x.length; i++) gb += point[i * k + c];
      grad[f * k + c] = gb;
    }
    let ww = 0;
    for (let i = 0; i < f * k; i++) ww += p[i] * p[i];
    return loss + 0.5 * l2 * ww;
  };
}

export function fitLogistic(x: Rows, y: readonly number[], classes: number, o: LogisticOptions): LogisticFit {
  if (!(o.C > 0)) throw new Error(`logistic regression: C must be > 0, got ${o.C}`);
  if (x.length === 0) throw new Error('logistic regression: no training samples');
  if (classes < 2) throw new Error(`logistic regression: needs at least 2 classes, got ${classes}`);
  const f = x[0].length;
  const k = classes === 2 ? 1 : classes;
  const objective = classes === 2 ? binaryObjective(x, y, 1 / o.C) : multinomialObjective(x, y, classes, 1 / o.C);
  const r = minimizeLbfgs(objective, new Float64Array((f + 1) * k), { pgtol: o.tol ?? 1e-4, maxIterations: o.maxIterations ?? 100, onIteration: o.onIteration });
  const coef = new Float64Array(k * f);
  const intercept = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < f; j++) coef[c * f + j] = r.x[j * k + c];
    intercept[c] = r.x[f * k + c];
  }
  return { coef, intercept, classes, features: f, iterations: r.iterations, stop: r.reason };
}

/** Class probabilities per row: [1 − σ(z), σ(z)] for two classes, else the softmax (scikit-learn's predict_proba). */
export function predictProba(m: LogisticModel, x: Rows): number[][] {
  const k = m.classes === 2 ? 1 : m.classes;
  return x.map((row) => {
    const z = Array.from({ length: k }, (_, c) => {
      let s = 0;
      for (let j = 0; j < m.features; j++) s += row[j] * m.coef[c * m.features + j];
      return s + m.intercept[c];
    });
    if (m.classes === 2) {
      const p = 1 / (1 + Math.exp(-z[0]));
      return [1 - p, p];
    }
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  });
}
