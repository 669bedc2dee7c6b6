/**
 * Geometry of the reduction curve: kept fraction against threshold. Pure (no DOM), so axes,
 * the nearest-point lookup used by clicks and keyboard steps are unit-tested in Node.
 */
import type { MethodName, ScoreKind } from '../../../core/similarity/types';
import { integerTicks, linearScale, niceTicks } from '../heatmap/ticks';

/**
 * One point of the curve: at this threshold, keptFraction (0..1) of the slices are kept.
 * Structurally a subset of core's `CurvePoint` from `reductionCurve`, so its output can be passed as is.
 */
export interface CurvePoint {
  threshold: number;
  keptFraction: number;
}

/** HASH Hamming thresholds reported in Wolf et al. 2024 (T = 6 kept ~9% and is their default). */
export const PAPER_HASH_THRESHOLDS: readonly number[] = [3, 6, 12];

/** Plot box inside the SVG, in viewBox units. */
export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_BOX: PlotBox = { width: 360, height: 200, left: 40, right: 10, top: 12, bottom: 32 };

/** Points sorted by ascending threshold, non-finite ones dropped. */
export function sortPoints(points: readonly CurvePoint[]): CurvePoint[] {
  return points
    .filter((p) => Number.isFinite(p.threshold) && Number.isFinite(p.keptFraction))
    .sort((a, b) => a.threshold - b.threshold);
}

/** Point whose threshold is closest to `threshold` (ties: the smaller threshold); null if none. */
export function nearestPoint(sorted: readonly CurvePoint[], threshold: number): CurvePoint | null {
  let best: CurvePoint | null = null;
  for (const p of sorted) {
    if (!best || Math.abs(p.threshold - threshold) < Math.abs(best.threshold - threshold)) best = p;
  }
  return best;
}

/**
 * Kept fraction at any threshold T, reading the points as the step function that the greedy walk
 * gives (core `reductionCurve`): a point holds from its threshold up to the next point's,
 * in the direction in which T becomes more permissive.
 *   distance (alike: d <= T):   the last point with threshold <= T; below every point: 1
 *   similarity (alike: s >= T): the first point with threshold >= T; above every point: 1
 */
export function keptFractionAt(sorted: readonly CurvePoint[], threshold: number, kind: ScoreKind): number {
  if (kind === 'distance') {
    let f = 1;
    for (const p of sorted) if (p.threshold <= threshold) f = p.keptFraction;
    return f;
  }
  for (const p of sorted) if (p.threshold >= threshold) return p.keptFraction;
  return 1;
}

/**
 * Threshold one step (dir = ±1) from `current`: HASH moves by whole bits (never below 0); other
 * methods move to the neighbouring point of the one nearest `current`, clamped at the ends.
 */
export function neighbourThreshold(sorted: readonly CurvePoint[], current: number, dir: number, method: MethodName): number | null {
  if (method === 'hash') return Math.max(0, Math.round(current) + Math.sign(dir));
  const here = nearestPoint(sorted, current);
  if (!here) return null;
  const k = sorted.indexOf(here);
  return sorted[Math.min(sorted.length - 1, Math.max(0, k + dir))].threshold;
}

/** Threshold a click at threshold-axis value v selects: HASH rounds to whole bits, others snap to the nearest point. */
export function snapThreshold(sorted: readonly CurvePoint[], v: number, method: MethodName): number | null {
  if (method === 'hash') return Math.max(0, Math.round(v));
  return nearestPoint(sorted, v)?.threshold ?? null;
}

/** Axes and path of the curve inside `box`; x = threshold, y = kept % (0..100, up). */
export interface CurveLayout {
  x: (threshold: number) => number;
  y: (keptFraction: number) => number;
  /** Inverse of x, for clicks. */
  thresholdAt: (px: number) => number;
  xTicks: number[];
  yTicks: number[];
  /** SVG path of the step function over the whole domain. */
  path: string;
  domain: [number, number];
}

/**
 * Threshold axis range. HASH: from 0 (or the first point) to one bit past the last point and at
 * least to 13, so the paper's 3/6/12 are always on the axis. Others: the points' range padded by
 * 5% so the first and last steps are visible.
 */
export function thresholdDomain(sorted: readonly CurvePoint[], method: MethodName): [number, number] {
  if (method === 'hash') {
    const last = sorted.length ? sorted[sorted.length - 1].threshold : 0;
    return [Math.min(0, sorted[0]?.threshold ?? 0), Math.max(13, last + 1)];
  }
  if (!sorted.length) return [0, 1];
  const lo = sorted[0].threshold;
  const hi = sorted[sorted.length - 1].threshold;
  const pad = hi > lo ? (hi - lo) * 0.05 : 0.05;
  return [lo - pad, hi + pad];
}

/** Corners of the step function from domain start to end, as [threshold, keptFraction] pairs. */
export function stepVertices(sorted: readonly CurvePoint[], kind: ScoreKind, [lo, hi]: [number, number]): [number, number][] {
  const v: [number, number][] = [];
  let f = keptFractionAt(sorted, lo, kind);
  v.push([lo, f]);
  for (const p of sorted) {
    // The value changes at p.threshold: distance takes p's value from there on; similarity has p's
    // value up to p.threshold and the next point's (or 1) just above it.
    const after = kind === 'distance' ? p.keptFraction : (sorted.find((q) => q.threshold > p.threshold)?.keptFraction ?? 1);
    if (p.threshold < lo || p.threshold > hi || after === f) continue;
    v.push([p.threshold, f], [p.threshold, after]);
    f = after;
  }
  v.push([hi, f]);
  return v;
}

export function curveLayout(sorted: readonly CurvePoint[], method: MethodName, kind: ScoreKind, box: PlotBox = DEFAULT_BOX): CurveLayout {
  const domain = thresholdDomain(sorted, method);
  const [lo, hi] = domain;
  const x0 = box.left;
  const x1 = box.width - box.right;
  const x = linearScale(lo, hi, x0, x1);
  const y = linearScale(0, 1, box.height - box.bottom, box.top);
  const thresholdAt = linearScale(x0, x1, lo, hi);
  const xTicks = method === 'hash' ? integerTicks(lo, hi, 6) : niceTicks(lo, hi, 5);
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const path = stepVertices(sorted, kind, domain)
    .map(([t, f], k) => `${k ? 'L' : 'M'}${x(t).toFixed(2)},${y(f).toFixed(2)}`)
    .join('');
  return { x, y, thresholdAt, xTicks, yTicks, path, domain };
}

/** Axis caption: which way the threshold points for this kind of score. */
export function thresholdCaption(method: MethodName, kind: ScoreKind): string {
  const name = method === 'hash' ? 'Hamming distance' : method === 'deepnet' ? 'cosine similarity' : method.toUpperCase();
  return kind === 'distance' ? `threshold T (alike: ${name} ≤ T)` : `threshold T (alike: ${name} ≥ T)`;
}

/** "12.5%" style label for a kept fraction. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

/** Threshold label: integers for HASH, up to 4 decimals otherwise. */
export function formatThreshold(t: number, method: MethodName): string {
  return method === 'hash' ? String(Math.round(t)) : String(Number(t.toFixed(4)));
}
