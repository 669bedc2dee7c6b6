/**
 * <MetricBars> — the paper's Figure 7 shape: per metric a bar per encoder (mean) with an error bar
 * (± sample std over the runs), and beside them the pre-training time of each arm.
 */
import { isBaselineRow, METRIC_LABELS, METRIC_NAMES, type ResultRow } from '../types';
import { barLayout, BAR_BOX } from './chartGeometry';
import { ARM_COLOURS } from './LossChart';
import { wrapLabel } from './wrapLabel';

const SCRATCH_COLOUR = '#8a93a3';

function colour(rows: ResultRow[], k: number): string {
  const armIndex = rows.slice(0, k).filter((r) => !isBaselineRow(r.armId)).length;
  return isBaselineRow(rows[k].armId) ? SCRATCH_COLOUR : ARM_COLOURS[armIndex % ARM_COLOURS.length];
}

function Bars({ rows, metric }: { rows: ResultRow[]; metric: (typeof METRIC_NAMES)[number] }) {
  const { bars, yTicks } = barLayout(rows.map((r) => ({ label: r.label, ...r.metrics[metric] })));
  const box = BAR_BOX;
  return (
    <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={`${METRIC_LABELS[metric]} mean ± std per encoder`} data-testid={`experiment-bars-${metric}`}>
      <text className="exp-title" x={box.width / 2} y={9} textAnchor="middle">{METRIC_LABELS[metric]}</text>
      {yTicks.map((t) => (
        <g key={t.value}>
          <line className="exp-grid" x1={box.left} x2={box.width - box.right} y1={t.y} y2={t.y} />
          <text x={box.left - 3} y={t.y + 3} textAnchor="end">{t.value}</text>
        </g>
      ))}
      {bars.map((b, k) => (
        <g key={b.label}>
          <rect x={b.x} y={b.y} width={b.width} height={Math.max(0, b.baseline - b.y)} fill={colour(rows, k)} />
          <line className="exp-err" x1={b.x + b.width / 2} x2={b.x + b.width / 2} y1={b.errTop} y2={b.errBottom} />
          <line className="exp-err" x1={b.x + b.width / 4} x2={b.x + (3 * b.width) / 4} y1={b.errTop} y2={b.errTop} />
          <line className="exp-err" x1={b.x + b.width / 4} x2={b.x + (3 * b.width) / 4} y1={b.errBottom} y2={b.errBottom} />
          <text x={b.x + b.width / 2} y={b.baseline + 8} textAnchor="middle" className="exp-bar-label">
            <title>{b.label}</title>
            {wrapLabel(b.label).map((line, i) => <tspan key={i} x={b.x + b.width / 2} dy={i === 0 ? 0 : 7}>{line}</tspan>)}
          </text>
        </g>
      ))}
    </svg>
  );
}

function TimeBars({ rows }: { rows: ResultRow[] }) {
  const trained = rows.filter((r) => !isBaselineRow(r.armId));
  const max = Math.max(1e-9, ...trained.map((r) => r.pretrainSeconds));
  return (
    <div className="exp-time" data-testid="experiment-time-bars">
      <div className="exp-title">pre-training time</div>
      {trained.map((r) => (
        <div key={r.armId} className="exp-time-row">
          <span>{r.label}</span>
          <span className="exp-time-bar"><i style={{ width: `${(100 * r.pretrainSeconds) / max}%`, background: colour(rows, rows.indexOf(r)) }} /></span>
          <span>{r.pretrainSeconds.toFixed(1)} s</span>
        </div>
      ))}
    </div>
  );
}

export function MetricBars({ rows }: { rows: ResultRow[] }) {
  return (
    <figure className="exp-bars" data-testid="experiment-bar-chart">
      <div className="exp-bars-row">
        {METRIC_NAMES.map((m) => <Bars key={m} rows={rows} metric={m} />)}
      </div>
      <TimeBars rows={rows} />
      <figcaption className="muted">Bars: mean over the evaluation runs; whiskers: ± sample standard deviation.</figcaption>
    </figure>
  );
}
