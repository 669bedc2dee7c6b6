/**
 * <ReductionCurve> — kept % of slices against the similarity threshold, as SVG.
 *
 * Props
 * - points: {threshold, keptFraction}[]  the curve (any order; keptFraction in 0..1). With the
 *                        pairwise-greedy survival thresholds this is one O(n) filter per point.
 * - current: number      the threshold in use, marked with a line, a dot and its kept %.
 * - kind: 'distance' | 'similarity'  direction of the threshold (HASH: alike = distance ≤ T).
 * - method: MethodName   for HASH the paper's settings T = 3, 6, 12 are marked and labelled.
 * - onPick?(threshold)   click on the plot (snaps to the nearest point), a paper marker, or
 *                        ArrowLeft/ArrowRight (Home/End) while the plot has focus.
 * - width?, height?      viewBox size (default 360 × 200); the SVG scales to its container.
 */
import type { KeyboardEvent, MouseEvent } from 'react';
import { useMemo } from 'react';
import type { MethodName, ScoreKind } from '../../../core/similarity/types';
import {
  curveLayout,
  DEFAULT_BOX,
  formatPercent,
  formatThreshold,
  nearestPoint,
  neighbourThreshold,
  PAPER_HASH_THRESHOLDS,
  sortPoints,
  thresholdCaption,
  type CurveLayout,
  type CurvePoint,
} from './curveGeometry';
import './curve.css';

export interface ReductionCurveProps {
  points: readonly CurvePoint[];
  current: number;
  kind: ScoreKind;
  method: MethodName;
  onPick?: (threshold: number) => void;
  width?: number;
  height?: number;
}

export function ReductionCurve({ points, current, kind, method, onPick, width, height }: ReductionCurveProps) {
  const box = useMemo(
    () => ({ ...DEFAULT_BOX, width: width ?? DEFAULT_BOX.width, height: height ?? DEFAULT_BOX.height }),
    [width, height],
  );
  const sorted = useMemo(() => sortPoints(points), [points]);
  const layout = useMemo(() => curveLayout(sorted, method, box), [sorted, method, box]);
  const here = nearestPoint(sorted, current);
  const markers = method === 'hash' ? PAPER_HASH_THRESHOLDS.filter((t) => t >= layout.domain[0] && t <= layout.domain[1]) : [];

  const pickAtClientX = (e: MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const vx = ((e.clientX - rect.left) / rect.width) * box.width;
    const p = nearestPoint(sorted, layout.thresholdAt(vx));
    if (p) onPick?.(p.threshold);
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const step: Record<string, () => number | null> = {
      ArrowLeft: () => neighbourThreshold(sorted, current, -1),
      ArrowRight: () => neighbourThreshold(sorted, current, 1),
      Home: () => sorted[0]?.threshold ?? null,
      End: () => sorted[sorted.length - 1]?.threshold ?? null,
    };
    const next = step[e.key]?.();
    if (next === undefined) return;
    e.preventDefault();
    if (next !== null) onPick?.(next);
  };

  return (
    <figure className="ct-curve" data-testid="reduction-curve">
      <svg
        viewBox={`0 0 ${box.width} ${box.height}`}
        tabIndex={0}
        role="slider"
        aria-label={`Kept slices against threshold, ${method.toUpperCase()}`}
        aria-valuenow={current}
        aria-valuemin={layout.domain[0]}
        aria-valuemax={layout.domain[1]}
        aria-valuetext={here ? `T ${formatThreshold(current, method)}: ${formatPercent(here.keptFraction)} kept` : undefined}
        onClick={pickAtClientX}
        onKeyDown={onKeyDown}
      >
        <Axes layout={layout} box={box} method={method} kind={kind} />
        {markers.map((t, k) => (
          <PaperMarker key={t} t={t} row={k % 2} layout={layout} box={box} sorted={sorted} onPick={onPick} />
        ))}
        <path className="ct-curve-line" d={layout.path} data-testid="curve-path" />
        {sorted.map((p, k) => (
          <circle key={k} className="ct-curve-point" cx={layout.x(p.threshold)} cy={layout.y(p.keptFraction)} r={1.6} data-testid="curve-point" data-threshold={p.threshold} data-kept={p.keptFraction} />
        ))}
        {here && <CurrentMarker point={here} current={current} layout={layout} box={box} method={method} />}
      </svg>
    </figure>
  );
}

interface PartProps {
  layout: CurveLayout;
  box: typeof DEFAULT_BOX;
}

function Axes({ layout, box, method, kind }: PartProps & { method: MethodName; kind: ScoreKind }) {
  const bottom = box.height - box.bottom;
  const right = box.width - box.right;
  return (
    <g className="ct-curve-axes">
      {layout.yTicks.map((f) => (
        <g key={f}>
          <line className="ct-curve-grid" x1={box.left} x2={right} y1={layout.y(f)} y2={layout.y(f)} />
          <text x={box.left - 4} y={layout.y(f) + 3} textAnchor="end">
            {f * 100}%
          </text>
        </g>
      ))}
      {layout.xTicks.map((t) => (
        <text key={t} x={layout.x(t)} y={bottom + 11} textAnchor="middle">
          {formatThreshold(t, method)}
        </text>
      ))}
      <line className="ct-curve-axis" x1={box.left} x2={right} y1={bottom} y2={bottom} />
      <line className="ct-curve-axis" x1={box.left} x2={box.left} y1={box.top} y2={bottom} />
      <text className="ct-curve-caption" x={(box.left + right) / 2} y={box.height - 4} textAnchor="middle">
        {thresholdCaption(method, kind)}
      </text>
    </g>
  );
}

/** Dashed line and label at a paper threshold; labels alternate between two rows (`row` 0 or 1) so 3 and 6 never overlap. */
function PaperMarker({ t, row, layout, box, sorted, onPick }: PartProps & { t: number; row: number; sorted: CurvePoint[]; onPick?: (t: number) => void }) {
  const p = sorted.find((q) => q.threshold === t);
  const x = layout.x(t);
  const label = `T${t}${p ? ` ${formatPercent(p.keptFraction)}` : ''}`;
  const labelWidth = label.length * 4 + 6;
  const labelTop = box.top - 11 + row * 12;
  const pick = (e: { stopPropagation(): void }) => {
    e.stopPropagation();
    onPick?.(t);
  };
  return (
    <g
      className="ct-curve-paper"
      role="button"
      tabIndex={0}
      aria-label={`Paper setting T = ${t}${p ? `, ${formatPercent(p.keptFraction)} kept` : ''}`}
      data-testid={`curve-paper-${t}`}
      onClick={pick}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          pick(e);
        }
      }}
    >
      <line x1={x} x2={x} y1={box.top} y2={box.height - box.bottom} />
      <rect x={x - labelWidth / 2} y={labelTop} width={labelWidth} height={10} rx={2} />
      <text x={x} y={labelTop + 8} textAnchor="middle">
        {label}
      </text>
    </g>
  );
}

function CurrentMarker({ point, current, layout, box, method }: PartProps & { point: CurvePoint; current: number; method: MethodName }) {
  const x = layout.x(point.threshold);
  const y = layout.y(point.keptFraction);
  const flip = x > (box.left + box.width) / 2;
  return (
    <g className="ct-curve-current" data-testid="curve-current" data-threshold={point.threshold} data-kept={point.keptFraction}>
      <line x1={x} x2={x} y1={y} y2={box.height - box.bottom} />
      <circle cx={x} cy={y} r={3.5} />
      <text x={flip ? x - 6 : x + 6} y={Math.max(box.top + 18, y - 6)} textAnchor={flip ? 'end' : 'start'}>
        T {formatThreshold(current, method)} · {formatPercent(point.keptFraction)} kept
      </text>
    </g>
  );
}
