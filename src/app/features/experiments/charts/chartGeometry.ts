/**
 * Geometry of the experiment charts, pure (no DOM) so it is unit-tested:
 * - the loss chart: one polyline per arm of loss against step, with the collapse level ln K drawn
 *   as a dashed line (a SwAV run that learns nothing sits there: uniform codes, uniform softmax);
 * - the bar chart of one metric: one bar per row (mean) with an error bar of ± std, on 0..1.
 */
import { linearScale, niceTicks } from '../../heatmap/ticks';
import type { PlotBox } from '../../curve/curveGeometry';

/** The explorer curve's plot box (viewBox units, margins): the same shape for these charts. */
export type Box = PlotBox;

export const LOSS_BOX: Box = { width: 560, height: 170, left: 34, right: 8, top: 10, bottom: 26 };
export const BAR_BOX: Box = { width: 170, height: 130, left: 26, right: 6, top: 14, bottom: 30 };

export interface LossPoint {
  step: number;
  loss: number;
}

export interface LossSeries {
  label: string;
  points: readonly LossPoint[];
}

export interface LossLayout {
  paths: string[];
  /** y of the ln K line, or undefined when ln K is unknown. */
  lnKY?: number;
  xTicks: { value: number; x: number }[];
  yTicks: { value: number; y: number }[];
  x: (step: number) => number;
  y: (loss: number) => number;
}

function pathOf(points: readonly LossPoint[], x: (v: number) => number, y: (v: number) => number): string {
  return points.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join('');
}

/** Axes span every point and ln K (with a little headroom above), steps from 0. */
export function lossLayout(series: readonly LossSeries[], lnK: number | undefined, box: Box = LOSS_BOX): LossLayout {
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.step));
  const maxStep = Math.max(1, ...all.map((p) => p.step));
  const losses = all.map((p) => p.loss).concat(lnK !== undefined && Number.isFinite(lnK) ? [lnK] : []);
  const lo = losses.length ? Math.min(...losses) : 0;
  const hi = losses.length ? Math.max(...losses) : 1;
  const pad = (hi - lo) * 0.08 || 0.5;
  const y0 = Math.max(0, lo - pad);
  const y1 = hi + pad;
  const x = linearScale(0, maxStep, box.left, box.width - box.right);
  const y = linearScale(y0, y1, box.height - box.bottom, box.top);
  const clean = (pts: readonly LossPoint[]) => pts.filter((p) => Number.isFinite(p.loss) && Number.isFinite(p.step));
  return {
    paths: series.map((s) => pathOf(clean(s.points), x, y)),
    lnKY: lnK !== undefined && Number.isFinite(lnK) ? y(lnK) : undefined,
    xTicks: niceTicks(0, maxStep, 4).map((value) => ({ value, x: x(value) })),
    yTicks: niceTicks(y0, y1, 4).map((value) => ({ value, y: y(value) })),
    x, y,
  };
}

export interface BarInput {
  label: string;
  mean: number;
  std: number;
}

export interface Bar {
  label: string;
  x: number;
  width: number;
  /** Top of the bar (mean) and the error bar's ends (mean ± std, clamped to 0..1). */
  y: number;
  errTop: number;
  errBottom: number;
  baseline: number;
}

/** Bars on a fixed 0..1 axis (AUC, F1 and accuracy all live there), evenly spaced. */
export function barLayout(inputs: readonly BarInput[], box: Box = BAR_BOX): { bars: Bar[]; yTicks: { value: number; y: number }[] } {
  const y = linearScale(0, 1, box.height - box.bottom, box.top);
  const inner = box.width - box.left - box.right;
  const slot = inner / Math.max(1, inputs.length);
  const width = Math.min(28, slot * 0.6);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const bars = inputs.map((b, k) => {
    const mean = Number.isFinite(b.mean) ? clamp(b.mean) : 0;
    const std = Number.isFinite(b.std) ? b.std : 0;
    return {
      label: b.label,
      x: box.left + slot * k + (slot - width) / 2,
      width,
      y: y(mean),
      errTop: y(clamp(mean + std)),
      errBottom: y(clamp(mean - std)),
      baseline: y(0),
    };
  });
  return { bars, yTicks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, y: y(value) })) };
}
