/**
 * Reviewer overrides: a radiologist forces a slice to be kept or dropped whatever the algorithm
 * decided. The result keeps the algorithm's own reasoning per slice and flags the override, so a
 * manifest can record both. Representatives are not recomputed (they refer to the algorithm's set).
 */
import type { Override, ReductionResult } from './types';

/** Overrides by slice index; a Map or a plain record `{ "12": "keep" }`. */
export type OverrideMap = ReadonlyMap<number, Override> | Readonly<Record<number, Override>>;

function entries(overrides: OverrideMap): [number, Override][] {
  if (overrides instanceof Map) return [...overrides.entries()];
  return Object.entries(overrides).map(([k, v]) => [Number(k), v as Override]);
}

/** A new result with the overrides applied; the input is not changed. */
export function applyOverrides(result: ReductionResult, overrides: OverrideMap): ReductionResult {
  const perSlice = result.perSlice.map((d) => ({ ...d }));
  for (const [index, override] of entries(overrides)) {
    if (!Number.isInteger(index) || index < 0 || index >= result.n) throw new RangeError(`override for slice ${index}: outside 0..${result.n - 1}`);
    if (override !== 'keep' && override !== 'drop') throw new RangeError(`override for slice ${index}: '${String(override)}' is neither 'keep' nor 'drop'`);
    perSlice[index].override = override;
    perSlice[index].kept = override === 'keep';
  }
  const kept = perSlice.filter((d) => d.kept).map((d) => d.index);
  const dropped = perSlice.filter((d) => !d.kept).map((d) => d.index);
  return { ...result, perSlice, kept, dropped };
}

/** The overrides recorded in a result, by slice index. */
export function overridesOf(result: Pick<ReductionResult, 'perSlice'>): Map<number, Override> {
  const map = new Map<number, Override>();
  for (const d of result.perSlice) if (d.override) map.set(d.index, d.override);
  return map;
}
