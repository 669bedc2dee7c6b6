/**
 * <ConfusabilityChart> — kept % and confusable rate against the threshold, on one 0–100% axis, so
 * the trade-off the paper tuned by hand (HASH T = 3 / 6 / 12) is visible: fewer slices kept, and
 * how often the kept slices are still as alike as two augmented views of one slice.
 *
 * Props
 * - curve: the kept-vs-threshold points (as <ReductionCurve> takes them); its x axis is reused.
 * - measured: {threshold, kept, confusableRate}[] at the measured thresholds.
 * - all: ALL's confusable rate (a dashed reference line).
 * - kind, method: as <ReductionCurve>; for HASH the paper's T = 3/6/12 are marked.
 */
import { useMemo } from 'react';
import type { MethodName, ScoreKind } from '../../../core/similarity/types';
import { curveLayout, DEFAULT_BOX, formatPercent, formatThreshold, PAPER_HASH_THRESHOLDS, sortPoints, thresholdCaption, type CurvePoint } from '../curve/curveGeometry';
import './confusability.css';

export interface MeasuredPoint {
  threshold: number;
  kept: number;
  keptFraction: number;
  confusableRate: number;
}

export interface ConfusabilityChartProps {
  curve: readonly CurvePoint[];
  measured: readonly MeasuredPoint[];
  all: number;
  kind: ScoreKind;
  method: MethodName;
}

const BOX = { ...DEFAULT_BOX, top: 26 };

export function ConfusabilityChart({ curve, measured, all, kind, method }: ConfusabilityChartProps) {
  const layout = useMemo(() => curveLayout(sortPoints(curve), method, kind, BOX), [curve, method, kind]);
  const points = useMemo(() => [...measured].sort((a, b) => a.threshold - b.threshold), [measured]);
  const path = points.map((p, k) => `${k ? 'L' : 'M'}${layout.x(p.threshold).toFixed(2)},${layout.y(p.confusableRate).toFixed(2)}`).join('');
  const bottom = BOX.height - BOX.bottom;
  const right = BOX.width - BOX.right;
  const markers = method === 'hash' ? PAPER_HASH_THRESHOLDS.map((t) => points.find((p) => p.threshold === t)).filter((p): p is MeasuredPoint => !!p) : [];
  return (
    <figure className="ct-curve ct-conf" data-testid="confusability-chart">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={`Kept slices and confusable rate against threshold, ${method.toUpperCase()}`}>
        <g className="ct-curve-axes">
          {layout.yTicks.map((f) => (
            <g key={f}>
              <line className="ct-curve-grid" x1={BOX.left} x2={right} y1={layout.y(f)} y2={layout.y(f)} />
              <text x={BOX.left - 4} y={layout.y(f) + 3} textAnchor="end">{f * 100}%</text>
            </g>
          ))}
          {layout.xTicks.map((t) => <text key={t} x={layout.x(t)} y={bottom + 11} textAnchor="middle">{formatThreshold(t, method)}</text>)}
          <line className="ct-curve-axis" x1={BOX.left} x2={right} y1={bottom} y2={bottom} />
          <line className="ct-curve-axis" x1={BOX.left} x2={BOX.left} y1={BOX.top} y2={bottom} />
          <text className="ct-curve-caption" x={(BOX.left + right) / 2} y={BOX.height - 4} textAnchor="middle">{thresholdCaption(method, kind)}</text>
        </g>
        <Legend all={all} />
        <line className="ct-conf-all" x1={BOX.left} x2={right} y1={layout.y(all)} y2={layout.y(all)} data-testid="confusability-all" data-rate={all} />
        {markers.map((p) => <PaperMarker key={p.threshold} p={p} x={layout.x(p.threshold)} method={method} />)}
        <path className="ct-curve-line" d={layout.path} />
        <path className="ct-conf-line" d={path} />
        {points.map((p) => (
          <circle
            key={p.threshold} className="ct-conf-point" cx={layout.x(p.threshold)} cy={layout.y(p.confusableRate)} r={2}
            data-testid="confusability-point" data-threshold={p.threshold} data-kept={p.kept} data-rate={p.confusableRate}
          >
            <title>{`T ${formatThreshold(p.threshold, method)}: ${p.kept} kept (${formatPercent(p.keptFraction)}), ${formatPercent(p.confusableRate)} confusable`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}

function Legend({ all }: { all: number }) {
  const y = 8;
  return (
    <g className="ct-conf-legend">
      <line className="ct-curve-line" x1={BOX.left} x2={BOX.left + 12} y1={y} y2={y} />
      <text x={BOX.left + 15} y={y + 3}>kept</text>
      <line className="ct-conf-line" x1={BOX.left + 42} x2={BOX.left + 54} y1={y} y2={y} />
      <text x={BOX.left + 57} y={y + 3}>confusable</text>
      <line className="ct-conf-all" x1={BOX.left + 110} x2={BOX.left + 122} y1={y} y2={y} />
      <text x={BOX.left + 125} y={y + 3}>ALL {formatPercent(all)} confusable</text>
    </g>
  );
}

/** Dashed line and "T6" at a paper threshold (the panel's table gives its numbers). */
function PaperMarker({ p, x, method }: { p: MeasuredPoint; x: number; method: MethodName }) {
  return (
    <g className="ct-curve-paper" data-testid={`confusability-paper-${p.threshold}`} data-kept={p.kept} data-rate={p.confusableRate}>
      <line x1={x} x2={x} y1={BOX.top - 4} y2={BOX.height - BOX.bottom} />
      <text x={x} y={BOX.top - 6} textAnchor="middle">T{formatThreshold(p.threshold, method)}</text>
    </g>
  );
}
