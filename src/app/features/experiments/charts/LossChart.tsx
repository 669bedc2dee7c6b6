/**
 * <LossChart> — SwAV loss against step, one line per arm, with ln K (the level of a collapsed run)
 * as a dashed line, as SVG in the style of the reduction curve.
 */
import { useMemo } from 'react';
import { thinned } from '../metrics';
import { lossLayout, LOSS_BOX, type LossSeries } from './chartGeometry';

/** Arm colours (colour-blind-safe Okabe–Ito order). */
export const ARM_COLOURS = ['#56b4e9', '#e69f00', '#009e73', '#cc79a7', '#f0e442', '#0072b2', '#d55e00'];

/** `levelLabel`: what the dashed line is (SwAV: ln K, the collapse level; MoCo and MIM name their own). */
export function LossChart({ series, lnK, levelLabel = 'ln K', levelMeaning = 'collapse level' }: { series: LossSeries[]; lnK?: number; levelLabel?: string; levelMeaning?: string }) {
  const thin = useMemo(() => series.map((s) => ({ ...s, points: thinned(s.points) })), [series]);
  const layout = useMemo(() => lossLayout(thin, lnK), [thin, lnK]);
  const box = LOSS_BOX;
  const bottom = box.height - box.bottom;
  const right = box.width - box.right;
  return (
    <figure className="exp-chart" data-testid="experiment-loss-chart" data-points={series.map((s) => s.points.length).join(',')}>
      <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-label={`pre-training loss per step for ${series.map((s) => s.label).join(', ')}${lnK ? `; ${levelLabel} = ${lnK.toFixed(2)}` : ''}`}>
        {layout.yTicks.map((t) => (
          <g key={t.value}>
            <line className="exp-grid" x1={box.left} x2={right} y1={t.y} y2={t.y} />
            <text x={box.left - 3} y={t.y + 3} textAnchor="end">{t.value}</text>
          </g>
        ))}
        {layout.xTicks.map((t) => <text key={t.value} x={t.x} y={bottom + 10} textAnchor="middle">{t.value}</text>)}
        <line className="exp-axis" x1={box.left} x2={right} y1={bottom} y2={bottom} />
        <line className="exp-axis" x1={box.left} x2={box.left} y1={box.top} y2={bottom} />
        <text className="exp-caption" x={(box.left + right) / 2} y={box.height - 3} textAnchor="middle">step</text>
        {layout.lnKY !== undefined && (
          <g className="exp-lnk" data-testid="experiment-lnk">
            <line x1={box.left} x2={right} y1={layout.lnKY} y2={layout.lnKY} />
            {/* Left: a learning run's curve starts high there, so the label stays clear of it. */}
            <text x={box.left + 4} y={layout.lnKY + 9} textAnchor="start">{levelLabel} = {lnK?.toFixed(2)} ({levelMeaning})</text>
          </g>
        )}
        {layout.paths.map((d, k) => <path key={thin[k].label} d={d} className="exp-line" stroke={ARM_COLOURS[k % ARM_COLOURS.length]} />)}
      </svg>
      <figcaption className="exp-legend">
        {series.map((s, k) => <span key={s.label}><i style={{ background: ARM_COLOURS[k % ARM_COLOURS.length] }} />{s.label}</span>)}
      </figcaption>
    </figure>
  );
}
