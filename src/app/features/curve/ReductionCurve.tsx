/**
 * <ReductionCurve> — kept % of slices against the similarity threshold, as SVG.
 *
 * Props
 * - points: {threshold, keptFraction}[]  the curve (any order; keptFraction in 0..1), read as a
 *                        step function exactly like core `reductionCurve(walk)` returns it (that
 *                        output can be passed directly): a point holds until the next threshold.
 * - current: number      the threshold in use, marked with a line, a dot and its kept %.
 * - kind: 'distance' | 'similarity'  direction of the threshold (HASH: alike = distance ≤ T).
 * - method: MethodName   for HASH the paper's settings T = 3, 6, 12 are marked and labelled.
 * - onPick?(threshold)   click on the plot (HASH: rounds to whole bits; others: snaps to the
 *                        nearest point), a paper marker, or ArrowLeft/ArrowRight (Home/End) while
 *                        the plot has focus.
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
  keptFractionAt,
  neighbourThreshold,
  PAPER_HASH_THRESHOLDS,
  snapThreshold,
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
  const layout = useMemo(() => curveLayout(sorted, method, kind, box), [sorted, method, kind, box]);
  const currentFraction = keptFractionAt(sorted, current, kind);
  const markers = method === 'hash' ? PAPER_HASH_THRESHOLDS.filter((t) => t >= layout.domain[0] && t <= layout.domain[1]) : [];

  const pickAtClientX = (e: MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const vx = ((e.clientX - rect.left) / rect.width) * box.width;
    const t = snapThreshold(sorted, layout.thresholdAt(vx), method);
    if (t !== null) onPick?.(t);
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const step: Record<string, () => number | null> = {
      ArrowLeft: () => neighbourThreshold(sorted, current, -1, method),
      ArrowRight: () => neighbourThreshold(sorted, current, 1, method),
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
        aria-valuetext={`T ${formatThreshold(current, method)}: ${formatPercent(currentFraction)} kept`}
        onClick={pickAtClientX}
        onKeyDown={onKeyDown}
      >
        <Axes layout={layout} box={box} method={method} kind={kind} />
        {markers.map((t, k) => (
          <PaperMarker key={t} t={t} row={k % 2} layout={layout} box={box} keptFraction={keptFractionAt(sorted, t, kind)} onPick={onPick} />
        ))}
        <path className="ct-curve-line" d={layout.path} data-testid="curve-path" />
        {sorted.map((p, k) => (
          <circle key={k} className="ct-curve-point" cx={layout.x(p.threshold)} cy={layout.y(p.keptFraction)} r={1.6} data-testid="curve-point" data-threshold={p.threshold} data-kept={p.keptFraction} />
        ))}
        {Number.isFinite(current) && <CurrentMarker threshold={current} keptFraction={currentFraction} layout={layout} box={box} method={method} />}
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
function PaperMarker({ t, row, layout, box, keptFraction, onPick }: PartProps & { t: number; row: number; keptFraction: number; onPick?: (t: number) => void }) {
  const x = layout.x(t);
  const label = `T${t} ${formatPercent(keptFraction)}`;
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
      aria-label={`Paper setting T = ${t}, ${formatPercent(keptFraction)} kept`}
      data-testid={`curve-paper-${t}`}
      data-kept={keptFraction}
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

function CurrentMarker({ threshold, keptFraction, layout, box, method }: PartProps & { threshold: number; keptFraction: number; method: MethodName }) {
  const x = layout.x(threshold);
  const y = layout.y(keptFraction);
  const flip = x > (box.left + box.width) / 2;
  return (
    <g className="ct-curve-current" data-testid="curve-current" data-threshold={threshold} data-kept={keptFraction}>
      <line x1={x} x2={x} y1={y} y2={box.height - box.bottom} />
      <circle cx={x} cy={y} r={3.5} />
      <text x={flip ? x - 6 : x + 6} y={Math.max(box.top + 18, y - 6)} textAnchor={flip ? 'end' : 'start'}>
        T {formatThreshold(threshold, method)} · {formatPercent(keptFraction)} kept
      </text>
    </g>
  );
}
