/**
 * Glue between the comparison view's kept masks (Uint8Array, 1 = kept) and core's agreement
 * functions, which take kept slice indices. The agreement math itself lives in
 * src/core/reduction/agreement.ts (Jaccard, overlap, kept-by); nothing is recomputed here.
 */
import { agreementTable, keptByMethod, type KeptSetAgreement, type NamedKeptSet } from '../../../core/reduction';

/** One method's reduction as the comparison view receives it. */
export interface MethodKeptMask {
  label: string;
  /** Length n; kept[k] != 0 means slice k is kept. */
  kept: Uint8Array;
}

/** Indices k (ascending) with mask[k] != 0. */
export function maskToIndices(mask: Uint8Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < mask.length; k++) if (mask[k]) out.push(k);
  return out;
}

/** Masks → named kept sets; throws naming the method whose mask length is not n. */
export function masksToSets(results: readonly MethodKeptMask[], n: number): NamedKeptSet[] {
  return results.map(({ label, kept }) => {
    if (kept.length !== n) throw new RangeError(`method comparison: '${label}' has a kept mask of ${kept.length} slices, expected ${n}`);
    return { name: label, kept: maskToIndices(kept) };
  });
}

/** Per slice 0..n-1: how many of the methods keep it (0..methods). */
export function agreementCounts(sets: readonly NamedKeptSet[], n: number): Uint8Array {
  const counts = new Uint8Array(n);
  keptByMethod(sets, n).forEach((row) => (counts[row.index] = row.keptBy.length));
  return counts;
}

/** A row of the pairwise table, with the positions (x < y) of the two methods in the input. */
export type PairAgreement = { a: string; b: string; x: number; y: number } & KeptSetAgreement;

/** Agreement of every pair of methods (x < y, input order), from core's agreementTable. */
export function pairAgreements(sets: readonly NamedKeptSet[]): PairAgreement[] {
  const table = agreementTable(sets);
  const pairs: PairAgreement[] = [];
  let r = 0;
  for (let x = 0; x < sets.length; x++) for (let y = x + 1; y < sets.length; y++) pairs.push({ ...table[r++], x, y });
  return pairs;
}

/**
 * SVG path of unit squares at the given slice indices (x = slice index, height 1), merging runs of
 * consecutive indices into one rectangle so a strip is one element however many slices it has.
 */
export function runsPath(indices: readonly number[]): string {
  let d = '';
  for (let k = 0; k < indices.length; ) {
    let end = k;
    while (end + 1 < indices.length && indices[end + 1] === indices[end] + 1) end++;
    d += `M${indices[k]},0h${indices[end] - indices[k] + 1}v1h${-(indices[end] - indices[k] + 1)}z`;
    k = end + 1;
  }
  return d;
}

/** Slice under horizontal position x in a strip of `width` showing n slices (clamped to 0..n-1). */
export function sliceAt(x: number, width: number, n: number): number {
  if (n <= 0 || width <= 0) return 0;
  return Math.min(n - 1, Math.max(0, Math.floor((x / width) * n)));
}
