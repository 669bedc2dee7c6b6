/**
 * Step 3 of the pipeline: scores (or a slice count for ALL/EveryN) → the per-slice decision, with
 * reviewer overrides applied on top and representatives re-pointed to the final kept set. The app's
 * slider, the CLI and the dataset commands all decide through this one function.
 */
import type { GreedyWalk } from '../reduction/greedy';
import { applyOverrides, type OverrideMap } from '../reduction/overrides';
import { reduce } from '../reduction/reduce';
import type { ReductionParams, ReductionResult, ScoreMatrix } from '../reduction/types';

export interface DecideOptions {
  /** A greedy walk already computed for these scores (drop rule must match). */
  walk?: GreedyWalk;
  /** Reviewer overrides by slice index (out-of-range indices are ignored here). */
  overrides?: OverrideMap;
}

export function needsScores(params: ReductionParams): boolean {
  return params.method !== 'all' && params.method !== 'everyn';
}

/** The decision for every slice; throws when a similarity method is given no scores. */
export function decideSlices(input: ScoreMatrix | number, params: ReductionParams, opts: DecideOptions = {}): ReductionResult {
  const scores = typeof input === 'number' ? undefined : input;
  if (needsScores(params) && !scores) throw new TypeError(`${params.method}: a score matrix is needed, not just a slice count`);
  const base = reduce(needsScores(params) ? (scores as ScoreMatrix) : (scores?.n ?? (input as number)), params, { walk: opts.walk });
  const overrides = inRange(opts.overrides, base.n);
  return overrides.size ? applyOverrides(base, overrides, scores) : base;
}

function inRange(overrides: OverrideMap | undefined, n: number): Map<number, 'keep' | 'drop'> {
  const out = new Map<number, 'keep' | 'drop'>();
  if (!overrides) return out;
  const entries = overrides instanceof Map ? [...overrides.entries()] : Object.entries(overrides).map(([k, v]) => [Number(k), v] as const);
  for (const [k, v] of entries) if (Number.isInteger(k) && k >= 0 && k < n) out.set(k, v);
  return out;
}
