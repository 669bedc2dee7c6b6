/**
 * "Nice" axis ticks (Heckbert, "Nice numbers for graph labels", Graphics Gems 1990): the step is
 * 1, 2 or 5 × 10^k, chosen so that about `count` ticks cover [lo, hi]; ticks are the multiples of
 * the step inside [lo, hi]. Used by the heatmap legend and the reduction-curve axes.
 */

/** Step 1|2|5 × 10^k closest to span / count (never 0). */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10;
  return nice * power;
}

/**
 * Multiples of a nice step within [lo, hi] (inclusive, float-tolerant), ascending.
 * lo == hi gives [lo]; lo > hi is swapped. Values are rounded to the step's decimals so 0.1 + 0.2
 * prints as 0.3.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) return [lo];
  const step = niceStep(hi - lo, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const eps = step * 1e-9;
  const ticks: number[] = [];
  for (let k = Math.ceil((lo - eps) / step); k * step <= hi + eps; k++) {
    ticks.push(Number((k * step).toFixed(decimals)));
  }
  return ticks;
}

/** Integer-only ticks (for HASH distances and thresholds): nice ticks with a step of at least 1. */
export function integerTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const a = Math.ceil(Math.min(lo, hi));
  const b = Math.floor(Math.max(lo, hi));
  if (a >= b) return a === b ? [a] : [];
  const step = Math.max(1, Math.round(niceStep(b - a, count)));
  const ticks: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b; v += step) ticks.push(v);
  return ticks;
}

/** Linear map from [d0, d1] to [r0, r1] (d0 == d1 maps everything to the middle of the range). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  if (span === 0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}
