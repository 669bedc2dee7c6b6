/**
 * What the export menu writes and how an import is summarised. Pure (no DOM): the file names,
 * the bytes of each export (from core's manifest and export modules) and the import report.
 */
import { ManifestError, parseManifest, serializeManifest, type ApplyManifestResult, type LoadedVolumeRef, type Manifest, type ManifestProblem } from '../../../core/manifest';
import { applyManifest } from '../../../core/manifest';
import { manifestToCsv, manifestToMonaiDatalist, volumeStem } from '../../../core/export';

/** The exports the menu offers. */
export type ExportKind = 'manifest' | 'csv' | 'monai' | 'zip';

/**
 * File-name stem of a manifest's exports: `<volume>-<method>`, where <volume> is the single
 * volume's name without extension (core volumeStem), or `dataset-<k>vol` for several volumes.
 */
export function exportStem(manifest: Manifest): string {
  const volume = manifest.volumes.length === 1 ? volumeStem(manifest.volumes[0]) : `dataset-${manifest.volumes.length}vol`;
  return `${volume}-${manifest.method}`;
}

/** Download name per export kind: `.ctsieve.json`, `.ctsieve.csv`, `.monai.json`, `-kept.zip`. */
export function exportFileName(manifest: Manifest, kind: ExportKind): string {
  const stem = exportStem(manifest);
  switch (kind) {
    case 'manifest':
      return `${stem}.ctsieve.json`;
    case 'csv':
      return `${stem}.ctsieve.csv`;
    case 'monai':
      return `${stem}.monai.json`;
    case 'zip':
      return `${stem}-kept.zip`;
  }
}

/** MIME type per export kind. */
export const EXPORT_MIME: Record<ExportKind, string> = {
  manifest: 'application/json',
  csv: 'text/csv',
  monai: 'application/json',
  zip: 'application/zip',
};

/** Text of the text exports (manifest JSON, CSV, MONAI datalist JSON). */
export function exportText(manifest: Manifest, kind: Exclude<ExportKind, 'zip'>): string {
  switch (kind) {
    case 'manifest':
      return serializeManifest(manifest);
    case 'csv':
      return manifestToCsv(manifest);
    case 'monai':
      return `${JSON.stringify(manifestToMonaiDatalist(manifest), null, 2)}\n`;
  }
}

/** What an import found, passed to onImport and shown under the menu. */
export interface ImportReport {
  fileName: string;
  volumes: number;
  slices: number;
  kept: number;
  /** Matching against the loaded volumes (by voxelSha256), when the caller gave them. */
  apply?: ApplyManifestResult;
}

export type ImportOutcome = { ok: true; manifest: Manifest; report: ImportReport } | { ok: false; fileName: string; problems: ManifestProblem[] };

/**
 * Parses and validates manifest text (core parseManifest: JSON, schema, consistency). A failure
 * keeps every problem with its JSON path; errors that are not ManifestErrors become one problem
 * at the document root.
 */
export function importManifestText(text: string, fileName: string, loaded?: readonly LoadedVolumeRef[]): ImportOutcome {
  try {
    const manifest = parseManifest(text, fileName);
    const report: ImportReport = {
      fileName,
      volumes: manifest.volumes.length,
      slices: manifest.volumes.reduce((a, v) => a + v.n, 0),
      kept: manifest.volumes.reduce((a, v) => a + v.kept.length, 0),
      apply: loaded ? applyManifest(manifest, loaded) : undefined,
    };
    return { ok: true, manifest, report };
  } catch (e) {
    const problems = e instanceof ManifestError ? e.problems : [{ path: '', message: e instanceof Error ? e.message : String(e) }];
    return { ok: false, fileName, problems };
  }
}

/** One-line summary of a successful import, e.g. "a.ctsieve.json: 1 volume, 12 of 108 slices kept; matched 1 loaded volume". */
export function describeImport(r: ImportReport): string {
  const base = `${r.fileName}: ${r.volumes} volume${r.volumes === 1 ? '' : 's'}, ${r.kept} of ${r.slices} slices kept`;
  if (!r.apply) return base;
  const matched = r.apply.matched.length;
  const unmatched = r.apply.unmatched.length;
  return `${base}; matched ${matched} loaded volume${matched === 1 ? '' : 's'}${unmatched ? `, ${unmatched} not found` : ''}`;
}

/** True when the import was matched against loaded volumes and none of its volumes was found. */
export function importMatchedNothing(r: ImportReport): boolean {
  return !!r.apply && r.apply.matched.length === 0 && r.apply.unmatched.length > 0;
}
