/**
 * The Moré–Thuente line search (MINPACK-2 `dcsrch` / `dcstep`, as called by L-BFGS-B 3.0's
 * `lnsrlb`): finds a step α along a descent direction d that satisfies the strong Wolfe conditions
 *   φ(α) ≤ φ(0) + ftol·α·φ'(0)   and   |φ'(α)| ≤ gtol·|φ'(0)|,
 * where φ(α) = f(x + α d). Transcribed step for step (same constants, same case order, same
 * safeguards) so that the iterates, and so where scikit-learn's lbfgs stops, are reproduced.
 *
 * Reference: J. J. Moré and D. J. Thuente, "Line search algorithms with guaranteed sufficient
 * decrease", ACM TOMS 20 (1994) 286–307.
 */

/** The search's state between trial steps (MINPACK-2's isave/dsave). */
interface SearchState {
  brackt: boolean;
  stage: 1 | 2;
  ginit: number;
  gtest: number;
  finit: number;
  stx: number;
  fx: number;
  gx: number;
  sty: number;
  fy: number;
  gy: number;
  stmin: number;
  stmax: number;
  width: number;
  width1: number;
}

export interface LineSearchSettings {
  ftol: number;
  gtol: number;
  xtol: number;
  stpmin: number;
  stpmax: number;
}

/** Outcome of one call: 'fg' asks for f and φ' at the returned step; the others end the search. */
export type SearchTask = 'fg' | 'convergence' | 'warning';

const XTRAPL = 1.1;
const XTRAPU = 4.0;

/**
 * One line search as a resumable object: `start(f0, g0, stp)` then, while `step(f, g)` answers
 * 'fg', evaluate φ and φ' at `stp` and call `step` again.
 */
export class MoreThuente {
  stp = 0;
  private s!: SearchState;

  constructor(private readonly o: LineSearchSettings) {}

  /** φ(0) = f, φ'(0) = g (< 0), first trial step stp. */
  start(f: number, g: number, stp: number): SearchTask {
    const { ftol, gtol, xtol, stpmin, stpmax } = this.o;
    if (stp < stpmin || stp > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin) {
      throw new Error(`line search: bad start (step ${stp}, directional derivative ${g})`);
    }
    this.stp = stp;
    const width = stpmax - stpmin;
    this.s = { brackt: false, stage: 1, ginit: g, gtest: ftol * g, finit: f, stx: 0, fx: f, gx: g, sty: 0, fy: f, gy: g, stmin: 0, stmax: stp + XTRAPU * stp, width, width1: width / 0.5 };
    return 'fg';
  }

  /** φ and φ' at the current trial step; returns what to do next (a new trial step in `stp`). */
  step(f: number, g: number): SearchTask {
    const s = this.s;
    const { gtol, xtol, stpmin, stpmax } = this.o;
    let stp = this.stp;
    const ftest = s.finit + stp * s.gtest;
    if (s.stage === 1 && f <= ftest && g >= 0) s.stage = 2;
    let task: SearchTask | undefined;
    if (s.brackt && (stp <= s.stmin || stp >= s.stmax)) task = 'warning'; // rounding errors prevent progress
    if (s.brackt && s.stmax - s.stmin <= xtol * s.stmax) task = 'warning'; // xtol test satisfied
    if (stp === stpmax && f <= ftest && g <= s.gtest) task = 'warning'; // stp = stpmax
    if (stp === stpmin && (f > ftest || g >= s.gtest)) task = 'warning'; // stp = stpmin
    if (f <= ftest && Math.abs(g) <= gtol * -s.ginit) task = 'convergence';
    if (task) return task;

    if (s.stage === 1 && f <= s.fx && f > ftest) {
      // First stage with a lower but not sufficiently lower value: step on the modified function ψ(α) = φ(α) − α·gtest.
      const m = { stx: s.stx, fx: s.fx - s.stx * s.gtest, dx: s.gx - s.gtest, sty: s.sty, fy: s.fy - s.sty * s.gtest, dy: s.gy - s.gtest, stp, brackt: s.brackt };
      cstep(m, f - stp * s.gtest, g - s.gtest, s.stmin, s.stmax);
      Object.assign(s, { stx: m.stx, sty: m.sty, brackt: m.brackt, fx: m.fx + m.stx * s.gtest, fy: m.fy + m.sty * s.gtest, gx: m.dx + s.gtest, gy: m.dy + s.gtest });
      stp = m.stp;
    } else {
      const m = { stx: s.stx, fx: s.fx, dx: s.gx, sty: s.sty, fy: s.fy, dy: s.gy, stp, brackt: s.brackt };
      cstep(m, f, g, s.stmin, s.stmax);
      Object.assign(s, { stx: m.stx, sty: m.sty, brackt: m.brackt, fx: m.fx, fy: m.fy, gx: m.dx, gy: m.dy });
      stp = m.stp;
    }
    if (s.brackt) {
      // Bisect when the interval did not shrink enough over two steps.
      if (Math.abs(s.sty - s.stx) >= 0.66 * s.width1) stp = s.stx + 0.5 * (s.sty - s.stx);
      s.width1 = s.width;
      s.width = Math.abs(s.sty - s.stx);
      s.stmin = Math.min(s.stx, s.sty);
      s.stmax = Math.max(s.stx, s.sty);
    } else {
      s.stmin = stp + XTRAPL * (stp - s.stx);
      s.stmax = stp + XTRAPU * (stp - s.stx);
    }
    stp = Math.min(Math.max(stp, stpmin), stpmax);
    if ((s.brackt && (stp <= s.stmin || stp >= s.stmax)) || (s.brackt && s.stmax - s.stmin <= xtol * s.stmax)) stp = s.stx;
    this.stp = stp;
    return 'fg';
  }
}

interface StepInterval {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/**
 * MINPACK-2 `dcstep`: a safeguarded cubic/quadratic/secant step, and the update of the interval
 * [stx, sty] that brackets a step satisfying the Wolfe conditions. fp, dp: φ and φ' at stp.
 */
function cstep(v: StepInterval, fp: number, dp: number, stpmin: number, stpmax: number): void {
  const { stx, fx, dx, sty, fy, dy, stp } = v;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    // Case 1: a higher value; the minimum is bracketed. Cubic step if closer to stx, else the cubic–quadratic mean.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(sq(theta / s) - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    v.brackt = true;
  } else if (sgnd < 0) {
    // Case 2: lower value, derivatives of opposite sign; bracketed. Cubic if farther from stp, else secant.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(sq(theta / s) - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    v.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Case 3: lower value, same sign, |derivative| decreasing.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, sq(theta / s) - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    const stpc = r < 0 && gamma !== 0 ? stp + r * (stx - stp) : stp > stx ? stpmax : stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (v.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (v.brackt) {
    // Case 4: lower value, same sign, |derivative| not decreasing; bracketed: cubic step towards sty.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt(sq(theta / s) - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  // Update the bracketing interval.
  if (fp > fx) {
    Object.assign(v, { sty: stp, fy: fp, dy: dp });
  } else {
    if (sgnd < 0) Object.assign(v, { sty: stx, fy: fx, dy: dx });
    Object.assign(v, { stx: stp, fx: fp, dx: dp });
  }
  v.stp = stpf;
}

/** x², as Fortran's x**2 (one multiplication). */
function sq(x: number): number {
  return x * x;
}
