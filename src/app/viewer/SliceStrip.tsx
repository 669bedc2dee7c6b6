/**
 * A vertical strip beside the viewport: one tick per slice, coloured kept / dropped (overrides
 * outlined), the current slice marked; click a tick to jump there.
 */
import { memo } from 'react';
import type { ReductionResult } from '../../core/reduction/types';

export interface SliceStripProps {
  n: number;
  current: number;
  decision: ReductionResult | undefined;
  onPick: (slice: number) => void;
}

function markOf(decision: ReductionResult | undefined, i: number): 'kept' | 'dropped' | 'unknown' {
  if (!decision) return 'unknown';
  return decision.perSlice[i].kept ? 'kept' : 'dropped';
}

const Ticks = memo(function Ticks({ n, decision, onPick }: Omit<SliceStripProps, 'current'>) {
  return (
    <>
      {Array.from({ length: n }, (_, i) => {
        const override = decision?.perSlice[i].override;
        return (
          <div
            key={i}
            className={`tick ${markOf(decision, i)}${override ? ' override' : ''}`}
            data-mark={markOf(decision, i)}
            data-override={override}
            title={`slice ${i}: ${markOf(decision, i)}${override ? ` (override: ${override})` : ''}`}
            onClick={() => onPick(i)}
          />
        );
      })}
    </>
  );
});

export function SliceStrip({ n, current, decision, onPick }: SliceStripProps) {
  return (
    <div className="slice-strip" data-testid="slice-strip" aria-label="slices: kept and dropped">
      <Ticks n={n} decision={decision} onPick={onPick} />
      <div className="strip-cursor" style={{ top: `${(100 * (current + 0.5)) / Math.max(1, n)}%` }} />
    </div>
  );
}
