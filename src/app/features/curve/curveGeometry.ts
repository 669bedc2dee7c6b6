/**
 * Geometry of the reduction curve: kept fraction against threshold. Pure (no DOM), so axes,
 * the nearest-point lookup used by clicks and keyboard steps are unit-tested in Node.
 */
import type { MethodName, ScoreKind } from '../../../core/similarity/types';
import { integerTicks, linearScale, niceTicks } from '../heatmap/ticks';

/** One point of the curve: at this threshold, keptFraction (0..1) of the slices are kept. */
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

/** Threshold of the point `dir` steps (±1) from the one nearest `current`, clamped at the ends. */
export function neighbourThreshold(sorted: readonly CurvePoint[], current: number, dir: number): number | null {
  const here = nearestPoint(sorted, current);
  if (!here) return null;
  const k = sorted.indexOf(here);
  const next = sorted[Math.min(sorted.length - 1, Math.max(0, k + dir))];
  return next.threshold;
}

/** Axes and path of the curve inside `box`; x = threshold, y = kept % (0..100, up). */
export interface CurveLayout {
  x: (threshold: number) => number;
  y: (keptFraction: number) => number;
  /** Inverse of x, for clicks. */
  thresholdAt: (px: number) => number;
  xTicks: number[];
  yTicks: number[];
  path: string;
  domain: [number, number];
}

export function curveLayout(sorted: readonly CurvePoint[], method: MethodName, box: PlotBox = DEFAULT_BOX): CurveLayout {
  const lo = sorted.length ? sorted[0].threshold : 0;
  const hi = sorted.length ? sorted[sorted.length - 1].threshold : 1;
  const x0 = box.left;
  const x1 = box.width - box.right;
  const x = linearScale(lo, hi, x0, x1);
  const y = linearScale(0, 1, box.height - box.bottom, box.top);
  const thresholdAt = linearScale(x0, x1, lo, hi);
  const xTicks = method === 'hash' ? integerTicks(lo, hi, 6) : niceTicks(lo, hi, 5);
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const path = sorted.map((p, k) => `${k ? 'L' : 'M'}${x(p.threshold).toFixed(2)},${y(p.keptFraction).toFixed(2)}`).join('');
  return { x, y, thresholdAt, xTicks, yTicks, path, domain: [lo, hi] };
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
