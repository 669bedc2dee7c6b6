/**
 * Reviewer overrides: a radiologist forces a slice to be kept or dropped whatever the algorithm
 * decided. The result keeps the algorithm's own reasoning per slice and flags the override, so a
 * manifest can record both. Given the scores, a dropped slice whose representative is no longer
 * kept (or that had none) gets the most alike slice of the final kept set as its new representative
 * (ties: smaller index); without scores representatives stay as the algorithm left them.
 */
import { nearestKeptSlices } from './representatives';
import type { Override, ReductionResult, ScoreMatrix } from './types';

/** Overrides by slice index; a Map or a plain record `{ "12": "keep" }`. */
export type OverrideMap = ReadonlyMap<number, Override> | Readonly<Record<number, Override>>;

function entries(overrides: OverrideMap): [number, Override][] {
  if (overrides instanceof Map) return [...overrides.entries()];
  return Object.entries(overrides).map(([k, v]) => [Number(k), v as Override]);
}

/** A new result with the overrides applied (representatives re-pointed when scores are given); the input is not changed. */
export function applyOverrides(result: ReductionResult, overrides: OverrideMap, scores?: ScoreMatrix): ReductionResult {
  const perSlice = result.perSlice.map((d) => ({ ...d }));
  for (const [index, override] of entries(overrides)) {
    if (!Number.isInteger(index) || index < 0 || index >= result.n) throw new RangeError(`override for slice ${index}: outside 0..${result.n - 1}`);
    if (override !== 'keep' && override !== 'drop') throw new RangeError(`override for slice ${index}: '${String(override)}' is neither 'keep' nor 'drop'`);
    perSlice[index].override = override;
    perSlice[index].kept = override === 'keep';
  }
  const kept = perSlice.filter((d) => d.kept).map((d) => d.index);
  const dropped = perSlice.filter((d) => !d.kept).map((d) => d.index);
  const next = { ...result, perSlice, kept, dropped };
  if (scores) repointRepresentatives(next, scores);
  return next;
}

/** In place: every dropped slice whose representative is not kept (or missing) gets its nearest kept slice. */
function repointRepresentatives(result: ReductionResult, scores: ScoreMatrix): void {
  if (scores.n !== result.n) throw new RangeError(`overrides: scores are for ${scores.n} slices, the result has ${result.n}`);
  const keptSet = new Set(result.kept);
  const stale = result.dropped.filter((d) => {
    const rep = result.perSlice[d].nearestKept;
    return rep === undefined || !keptSet.has(rep);
  });
  nearestKeptSlices(scores, result.kept, stale).forEach((rep, r) => {
    const d = result.perSlice[stale[r]];
    if (rep) Object.assign(d, rep);
    else {
      delete d.nearestKept;
      delete d.score;
    }
  });
}

/** The overrides recorded in a result, by slice index. */
export function overridesOf(result: Pick<ReductionResult, 'perSlice'>): Map<number, Override> {
  const map = new Map<number, Override>();
  for (const d of result.perSlice) if (d.override) map.set(d.index, d.override);
  return map;
}
