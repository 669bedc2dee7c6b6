/**
 * The dataset view's data, apart from React: one row per volume (from a merged dataset manifest or
 * computed volume by volume from a folder), sorting, the kept-% histogram, and the paths a folder
 * pick gives (the picked folder's own name is dropped, so keys match `ctsieve dataset reduce <that
 * folder>`'s keys and a merged manifest made from it).
 */
import { keptHistogram, keptPercent } from '../../../core/dataset/summary';
import type { Manifest, ManifestVolume } from '../../../core/manifest/types';

export type RowStatus = 'waiting' | 'computing' | 'done' | 'error';

export interface DatasetRow {
  key: string;
  /** What people call the volume when its key does not say (a DICOM series: description and folder). */
  title?: string;
  format: string;
  slices?: number;
  kept?: number;
  keptPercent?: number;
  method?: string;
  status: RowStatus;
  message?: string;
}

export type SortColumn = 'key' | 'slices' | 'keptPercent' | 'method';
export interface SortOrder {
  column: SortColumn;
  descending: boolean;
}

export function rowFromManifestVolume(v: ManifestVolume, m: Pick<Manifest, 'method' | 'params'>): DatasetRow {
  // A DICOM series' key is its UID: name it as the folder view does (its name — its folder); the UID shows on hover.
  const source = Array.isArray(v.source) ? v.source[0] : v.source;
  const title = v.id.startsWith('dicom:') && v.name ? `${v.name} — ${source}` : undefined;
  return { key: v.id, ...(title ? { title } : {}), format: 'manifest', slices: v.n, kept: v.kept.length, keptPercent: keptPercent(v.kept.length, v.n), method: methodLabel(m), status: 'done' };
}

/** e.g. "hash greedy ≤ 6", "ssim greedy keep 10%", "everyn 4". */
export function methodLabel(m: Pick<Manifest, 'method' | 'params'>): string {
  const p = m.params;
  if (m.method === 'all') return 'all';
  if (m.method === 'everyn') return `everyn ${p.every}`;
  const stop = p.threshold !== undefined ? `${p.thresholdMeaning === 'maxDistance' ? '≤' : '≥'} ${p.threshold}` : p.keepFraction !== undefined ? `keep ${+(p.keepFraction * 100).toFixed(2)}%` : '';
  return `${m.method} ${stop}`.trim();
}

export function rowsFromManifest(m: Manifest): DatasetRow[] {
  return m.volumes.map((v) => rowFromManifestVolume(v, m));
}

/** Sorted copy; rows without a value (not computed yet) go last either way; ties by key. */
export function sortRows(rows: readonly DatasetRow[], order: SortOrder): DatasetRow[] {
  const { column, descending } = order;
  const value = (r: DatasetRow): string | number | undefined => r[column];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === undefined || y === undefined) return x === y ? a.key.localeCompare(b.key) : x === undefined ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return (descending ? -c : c) || a.key.localeCompare(b.key, undefined, { numeric: true });
  });
}

/** Clicking the same column flips the direction; a new column starts ascending (kept %: descending). */
export function nextOrder(current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column === 'keptPercent' };
}

export interface DatasetTotals {
  volumes: number;
  /** Slices and kept slices of the rows computed so far. */
  slices: number;
  kept: number;
  computed: number;
  /** kept / slices × 100 over the computed rows (undefined before any). */
  keptPercent?: number;
}

/** The totals row: every volume counted; slices, kept and kept % over the rows that have a result. */
export function datasetTotals(rows: readonly DatasetRow[]): DatasetTotals {
  const done = rows.filter((r) => r.kept !== undefined && r.slices !== undefined);
  const slices = done.reduce((s, r) => s + r.slices!, 0);
  const kept = done.reduce((s, r) => s + r.kept!, 0);
  return { volumes: rows.length, slices, kept, computed: done.length, ...(slices ? { keptPercent: keptPercent(kept, slices) } : {}) };
}

/** Rows with a kept % per 10 % bin. */
export function rowHistogram(rows: readonly DatasetRow[]): number[] {
  return keptHistogram(rows.flatMap((r) => (r.keptPercent === undefined ? [] : [r.keptPercent])));
}

/**
 * A DICOM series' row title: its SeriesDescription (else "<modality> series") and the folder
 * holding its files ("…" when they are spread over several), since `dicom:<UID>` says nothing to a
 * reader.
 */
export function dicomTitle(v: { description?: string; modality?: string; files: readonly { path: string }[] }): string {
  const dirs = new Set(v.files.map((f) => f.path.split('/').slice(0, -1).join('/') || '.'));
  const folder = dirs.size === 1 ? [...dirs][0] : `${[...dirs][0]} …`;
  return `${v.description ?? `${v.modality ?? 'DICOM'} series`} — ${folder}`;
}

/** Paths without the picked folder's own name when every path starts with the same folder. */
export function stripPickedFolder(paths: readonly string[]): string[] {
  const first = paths[0]?.split('/')[0];
  if (!first || !paths.every((p) => p.startsWith(`${first}/`))) return [...paths];
  return paths.map((p) => p.slice(first.length + 1));
}
