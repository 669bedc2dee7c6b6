/**
 * Derived views of a dataset manifest: summary statistics (kept % per volume and its distribution)
 * and a MONAI datalist that names each kept slice by its own file and slice index, so volumes with
 * the same file name in different folders never collide.
 */
import type { Manifest } from '../manifest/types';

export interface DatasetSummary {
  volumes: number;
  slices: number;
  kept: number;
  keptPercent: number;
  /** Distribution of the per-volume kept %. */
  perVolumeKeptPercent: { min: number; p25: number; median: number; p75: number; max: number; mean: number };
  /** Volumes per 10 % bin of kept %: [0,10), [10,20), …, [90,100]. */
  histogram: number[];
  rows: { id: string; n: number; kept: number; keptPercent: number }[];
}

export const keptPercent = (kept: number, n: number): number => (n > 0 ? (100 * kept) / n : 0);

/** Linear-interpolation quantile (numpy's default) of ascending values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Volumes per bin of width 100/bins; 100 % falls in the last bin. */
export function keptHistogram(percents: readonly number[], bins = 10): number[] {
  const out = new Array<number>(bins).fill(0);
  for (const p of percents) out[Math.min(bins - 1, Math.max(0, Math.floor((p / 100) * bins)))]++;
  return out;
}

export function datasetSummary(m: Manifest): DatasetSummary {
  return summaryOfCounts(m.volumes.map((v) => ({ id: v.id, n: v.n, kept: v.kept.length })));
}

/** The summary from per-volume counts alone (a streaming merge keeps only these). */
export function summaryOfCounts(counts: readonly { id: string; n: number; kept: number }[]): DatasetSummary {
  const rows = counts.map((c) => ({ ...c, keptPercent: keptPercent(c.kept, c.n) }));
  const slices = rows.reduce((s, r) => s + r.n, 0);
  const kept = rows.reduce((s, r) => s + r.kept, 0);
  const sorted = rows.map((r) => r.keptPercent).sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : 0;
  return {
    volumes: rows.length,
    slices,
    kept,
    keptPercent: keptPercent(kept, slices),
    perVolumeKeptPercent: { min: sorted[0] ?? 0, p25: quantile(sorted, 0.25), median: quantile(sorted, 0.5), p75: quantile(sorted, 0.75), max: sorted[sorted.length - 1] ?? 0, mean },
    histogram: keptHistogram(sorted),
    rows,
  };
}

/** `{training: [{image, slice, volume}]}`: each kept slice's file (DICOM/PNG: its own; NIfTI: the volume file) and index. */
export function datasetDatalist(m: Manifest, key = 'training'): Record<string, { image: string; slice: number; volume: string }[]> {
  const items: { image: string; slice: number; volume: string }[] = [];
  for (const v of m.volumes) {
    const fallback = Array.isArray(v.source) ? v.source[0] : v.source;
    for (const index of v.kept) items.push({ image: v.slices[index]?.file ?? fallback, slice: index, volume: v.id });
  }
  return { [key]: items };
}
