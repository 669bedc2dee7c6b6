/**
 * <HeatmapLegend> — colour scale of a heatmap, from the smallest to the largest score (left to
 * right) in the method's units, with nice ticks. For distances the gradient runs bright → dark,
 * because there the smallest score is the most alike.
 *
 * Props: range {min, max} (the scale the heatmap used), kind, method.
 */
import type { MethodName, ScoreKind } from '../../../core/similarity/types';
import { cssGradient, VIRIDIS_STOPS } from './colorMap';
import { formatScore, METHOD_UNITS, type ScoreRange } from './scoreScale';
import { integerTicks, niceTicks } from './ticks';

export interface HeatmapLegendProps {
  range: ScoreRange;
  kind: ScoreKind;
  method: MethodName;
}

export function HeatmapLegend({ range, kind, method }: HeatmapLegendProps) {
  const stops = kind === 'similarity' ? VIRIDIS_STOPS : [...VIRIDIS_STOPS].reverse();
  const span = range.max - range.min;
  const ticks = method === 'hash' ? integerTicks(range.min, range.max, 5) : niceTicks(range.min, range.max, 4);
  return (
    <figcaption className="ct-heatmap-legend" data-testid="heatmap-legend" data-min={range.min} data-max={range.max}>
      <div className="ct-legend-bar" style={{ background: cssGradient(stops) }} />
      <div className="ct-legend-ticks">
        {ticks.map((v) => (
          <span key={v} className="ct-legend-tick" style={{ left: `${span > 0 ? ((v - range.min) / span) * 100 : 50}%` }}>
            {formatTick(v, method)}
          </span>
        ))}
      </div>
      <div className="ct-legend-caption">
        <span>{METHOD_UNITS[method]}</span>
        <span>
          range {formatScore(range.min, method)} … {formatScore(range.max, method)} · bright = alike
        </span>
      </div>
    </figcaption>
  );
}

/** Tick labels: integers for HASH, otherwise as few decimals as the tick needs. */
function formatTick(v: number, method: MethodName): string {
  return method === 'hash' ? String(v) : String(Number(v.toPrecision(6)));
}
