/**
 * Test support: PyTorch-layout golden tensors ({shape, data}) in ctsieve's layouts, and the
 * tolerance rule the MoCo and MIM conformance suites share. Test-only.
 */
import type { TorchTensor } from '../../testing/referenceFixture';
import type { TensorValues } from '../common/paramSet';

/** float32 unit round-off. */
export const EPS32 = 2 ** -24;

/** OIHW conv kernels → HWIO; Linear weights [out, in] → [in, out]; [N, 1, H, W] images → [N, H, W, 1]; else as is. */
export function torchToCtsieve(name: string, t: TorchTensor): { shape: number[]; data: Float64Array } {
  const d = t.data;
  const s = t.shape;
  if (s.length === 4 && name.endsWith('.weight')) {
    const [o, i, h, w] = s;
    const out = new Float64Array(d.length);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[((y * w + x) * i + b) * o + a] = d[((a * i + b) * h + y) * w + x];
    return { shape: [h, w, i, o], data: out };
  }
  if (s.length === 4) {
    if (s[1] !== 1) throw new Error(`${name}: expected one channel, got shape ${s.join('×')}`);
    return { shape: [s[0], s[2], s[3], 1], data: Float64Array.from(d) };
  }
  if (s.length === 2 && name.endsWith('.weight')) {
    const [r, c] = s;
    const out = new Float64Array(d.length);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j];
    return { shape: [c, r], data: out };
  }
  return { shape: [...s], data: Float64Array.from(d) };
}

/** A state_dict in ctsieve layouts, float32. */
export function torchValues(sd: Record<string, TorchTensor>): TensorValues {
  return new Map(Object.entries(sd).map(([name, t]) => {
    const c = torchToCtsieve(name, t);
    return [name, { shape: c.shape, data: Float32Array.from(c.data) }];
  }));
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** One failed comparison: what, how far off, and the bound it broke. */
export interface Mismatch {
  what: string;
  error: number;
  bound: number;
}

/**
 * Collects comparisons instead of asserting one by one, so that a negative control can show which
 * comparisons a perturbed golden breaks. `close(what, actual, expected, bound)` checks
 * max |actual − expected| ≤ bound (NaN and length mismatches fail).
 */
export class Comparisons {
  readonly mismatches: Mismatch[] = [];
  count = 0;

  close(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, bound: number): void {
    this.count++;
    const error = maxAbsDiff(actual, expected);
    if (!(error <= bound)) this.mismatches.push({ what, error, bound });
  }

  report(): string {
    return this.mismatches.map((m) => `${m.what}: ${m.error.toExponential(2)} > ${m.bound.toExponential(2)}`).join('\n');
  }
}
