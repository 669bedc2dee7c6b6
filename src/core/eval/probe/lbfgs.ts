/**
 * Unconstrained L-BFGS in float64, following the path of scipy's `minimize(method='L-BFGS-B')`
 * (L-BFGS-B 3.0, Byrd, Lu, Nocedal & Zhu 1995; Morales & Nocedal 2011) when no bounds are given,
 * which is what scikit-learn's `LogisticRegression(solver='lbfgs')` calls. Without bounds its step
 * is the limited-memory quasi-Newton step d = −H g, H the BFGS inverse built from the last m pairs
 * (s, y) on H₀ = (1/θ)·I with θ = yᵀy / sᵀy of the newest pair; we compute it with the two-loop
 * recursion (Nocedal & Wright, Algorithm 7.4), which equals L-BFGS-B's compact form up to rounding.
 * The rest is transcribed as scipy runs it, because its stopping rule decides the answer:
 * - iteration 0: d = −g and the first trial step 1/‖d‖₂; later the first trial step is 1;
 * - Moré–Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1, step ≤ 1e10), at most maxLineSearch
 *   evaluations; a failed search resets the memory once (fails for good with an empty memory);
 * - stop when max|gᵢ| ≤ pgtol, or when (f_old − f) ≤ factr·ε·max(|f_old|, |f|, 1)
 *   (scipy's ftol = factr·ε, default 2.220446049250313e-09), or after maxIterations;
 * - a pair with sᵀy ≤ ε·(−gᵀs) is not stored (the update is skipped).
 */
import { MoreThuente } from './lineSearch';

/** f(x) and its gradient written into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Pairs kept (scipy maxcor, default 10). */
  memory?: number;
  /** Projected-gradient tolerance (scipy gtol; scikit-learn passes its `tol`). */
  pgtol?: number;
  /** Relative-reduction tolerance (scipy ftol = factr·ε; default 2.220446049250313e-09). */
  ftol?: number;
  maxIterations?: number;
  /** Function evaluations per line search (scipy maxls, default 20). */
  maxLineSearch?: number;
  /** Called once per iteration (between evaluations), e.g. to hear an abort. */
  onIteration?(iteration: number): void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  reason: 'pgtol' | 'ftol' | 'maxIterations' | 'lineSearch';
}

const EPS = 2.220446049250313e-16;
const STEP_MAX = 1e10;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** The stored pairs, oldest first, with ρ = 1/sᵀy and θ of the newest. */
class Memory {
  s: Float64Array[] = [];
  y: Float64Array[] = [];
  rho: number[] = [];
  theta = 1;

  constructor(private readonly m: number) {}

  get size(): number {
    return this.s.length;
  }

  push(s: Float64Array, y: Float64Array, sy: number, yy: number): void {
    if (this.s.length === this.m) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
    this.theta = yy / sy;
  }

  clear(): void {
    this.s = [];
    this.y = [];
    this.rho = [];
    this.theta = 1;
  }

  /** −H g by the two-loop recursion. */
  direction(g: Float64Array): Float64Array {
    const q = Float64Array.from(g);
    const k = this.s.length;
    const alpha = new Array<number>(k);
    for (let i = k - 1; i >= 0; i--) {
      alpha[i] = this.rho[i] * dot(this.s[i], q);
      const y = this.y[i];
      for (let j = 0; j < q.length; j++) q[j] -= alpha[i] * y[j];
    }
    for (let j = 0; j < q.length; j++) q[j] /= this.theta;
    for (let i = 0; i < k; i++) {
      const beta = this.rho[i] * dot(this.y[i], q);
      const s = this.s[i];
      for (let j = 0; j < q.length; j++) q[j] += s[j] * (alpha[i] - beta);
    }
    for (let j = 0; j < q.length; j++) q[j] = -q[j];
    return q;
  }
}

export function minimizeLbfgs(fg: Objective, x0: ArrayLike<number>, o: LbfgsOptions = {}): LbfgsResult {
  const n = x0.length;
  const pgtol = o.pgtol ?? 1e-5;
  const tol = o.ftol ?? 2.220446049250313e-9;
  const maxIterations = o.maxIterations ?? 15000;
  const maxLineSearch = o.maxLineSearch ?? 20;
  const memory = new Memory(o.memory ?? 10);
  const x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  let iterations = 0;
  if (maxAbs(g) <= pgtol) return { x, f, iterations, evaluations, reason: 'pgtol' };
  const search = new MoreThuente({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: STEP_MAX });
  for (;;) {
    o.onIteration?.(iterations);
    // The step to the quasi-Newton point z = x + d, and d as L-BFGS-B forms it (z − x).
    const raw = memory.size === 0 ? g.map((v) => -v) : memory.direction(g);
    const z = x.map((v, i) => v + raw[i]);
    const d = z.map((v, i) => v - x[i]);
    const dnorm = Math.sqrt(dot(d, d));
    const xOld = Float64Array.from(x);
    const gOld = g;
    const fOld = f;
    const gdOld = dot(gOld, d);
    let stp = iterations === 0 && memory.size === 0 ? Math.min(1 / dnorm, STEP_MAX) : 1;
    let failed = gdOld >= 0;
    let gd = gdOld;
    if (!failed) {
      let task = search.start(fOld, gdOld, stp);
      let tries = 0;
      while (task === 'fg') {
        stp = search.stp;
        if (tries >= maxLineSearch) {
          failed = true;
          break;
        }
        if (stp === 1) x.set(z);
        else for (let i = 0; i < n; i++) x[i] = stp * d[i] + xOld[i];
        g = new Float64Array(n);
        f = fg(x, g);
        evaluations++;
        tries++;
        gd = dot(g, d);
        task = search.step(f, gd);
      }
      stp = search.stp;
    }
    if (failed) {
      // Back to the last iterate; with an empty memory there is nothing left to try.
      x.set(xOld);
      g = gOld;
      f = fOld;
      if (memory.size === 0) return { x, f, iterations: iterations + 1, evaluations, reason: 'lineSearch' };
      memory.clear();
      continue;
    }
    iterations++;
    if (maxAbs(g) <= pgtol) return { x, f, iterations, evaluations, reason: 'pgtol' };
    if (fOld - f <= tol * Math.max(Math.abs(fOld), Math.abs(f), 1)) return { x, f, iterations, evaluations, reason: 'ftol' };
    if (iterations >= maxIterations) return { x, f, iterations, evaluations, reason: 'maxIterations' };
    // The new pair: y = g − g_old, s = stp·d; sᵀy as L-BFGS-B computes it from the directional derivatives.
    const y = g.map((v, i) => v - gOld[i]);
    const yy = dot(y, y);
    let sy: number;
    let guard: number;
    let s: Float64Array;
    if (stp === 1) {
      sy = gd - gdOld;
      guard = -gdOld;
      s = d;
    } else {
      sy = (gd - gdOld) * stp;
      s = d.map((v) => stp * v);
      guard = -gdOld * stp;
    }
    if (sy > EPS * guard) memory.push(s, y, sy, yy);
  }
}
