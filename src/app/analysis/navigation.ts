/** Stepping through only kept or only dropped slices. */
import type { ReductionResult } from '../../core/reduction/types';

/**
 * The next (direction +1) or previous (-1) slice after `from` whose kept flag equals `kept`,
 * or undefined when there is none in that direction.
 */
export function nextWithMark(decision: ReductionResult | undefined, from: number, direction: 1 | -1, kept: boolean): number | undefined {
  if (!decision) return undefined;
  for (let i = from + direction; i >= 0 && i < decision.n; i += direction) {
    if (decision.perSlice[i].kept === kept) return i;
  }
  return undefined;
}

export { etaMs } from '../../core/runtime/progress';

/** "1:05" style duration. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
