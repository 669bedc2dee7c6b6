/**
 * The user's labelled data as picked or dropped in the browser (files with paths, no disk) →
 * core/eval's entry list: an ImageFolder (`[split/]class/[group/]file`, core imageFolderEntries) or
 * one CSV `path,label[,group][,split]` (core parseLabelCsv) whose paths name the other picked
 * files (matched by relative path, then by path suffix). The main thread uses it to show the
 * classes at once; the worker then reads the images (core readLabelledEntries). Errors name the
 * file and the problem.
 */
import { LabelledDataError } from '../../core/eval';
import { parseLabelCsv } from '../../core/eval/labelCsv';
import { imageFolderEntries, type EntryList } from '../../core/eval/labelledFiles';
import { inputFileFromBytes } from '../../core/volume/input';

export interface PickedFile {
  path: string;
  bytes: Uint8Array;
}

export interface LabelledLayout extends EntryList {
  kind: 'folder' | 'csv';
  /** The picked folder or the CSV's name (for messages and the report). */
  origin: string;
  classes: string[];
}

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** The picked folder's name when every path starts with it (a folder pick or a folder drop). */
function commonRoot(paths: string[]): string | undefined {
  const first = new Set(paths.map((p) => parts(p)[0]));
  return first.size === 1 && paths.every((p) => parts(p).length > 2) ? [...first][0] : undefined;
}

function folderLayout(files: PickedFile[]): LabelledLayout {
  const root = commonRoot(files.map((f) => f.path));
  const rel = (p: string) => (root ? parts(p).slice(1) : parts(p)).join('/');
  const inputs = files.map((f) => inputFileFromBytes(rel(f.path), f.bytes));
  const list = imageFolderEntries(inputs, root ?? 'the picked files');
  return finish({ ...list, kind: 'folder', origin: root ?? 'picked files' });
}

function csvLayout(csv: PickedFile, others: PickedFile[]): LabelledLayout {
  const rows = parseLabelCsv(new TextDecoder().decode(csv.bytes), csv.path);
  const byPath = new Map(others.map((f) => [parts(f.path).join('/'), f]));
  const missing: string[] = [];
  const entries: EntryList['entries'] = [];
  for (const r of rows) {
    const want = parts(r.path).join('/');
    const f = byPath.get(want) ?? others.find((o) => parts(o.path).join('/').endsWith(`/${want}`));
    if (!f) { missing.push(r.path); continue; }
    entries.push({ file: inputFileFromBytes(r.path, f.bytes), label: r.label, ...(r.group ? { group: r.group } : {}), ...(r.split ? { split: r.split } : {}) });
  }
  if (missing.length) {
    throw new LabelledDataError(`${csv.path}: ${missing.length} listed file${missing.length > 1 ? 's were' : ' was'} not picked (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); pick the CSV together with its images`);
  }
  return finish({ entries, notes: [], kind: 'csv', origin: csv.path });
}

function finish(layout: Omit<LabelledLayout, 'classes'>): LabelledLayout {
  if (layout.entries.length === 0) throw new LabelledDataError(`${layout.origin}: no labelled images found (PNG, DICOM or NIfTI under class folders, or a CSV naming them)`);
  const classes = [...new Set(layout.entries.map((e) => e.label))].sort();
  if (classes.length < 2) throw new LabelledDataError(`${layout.origin}: only one class ('${classes[0]}'); a classification task needs at least two`);
  // No leakage note here: core planRuns makes the one note, and only when it draws a split without groups.
  return { ...layout, classes };
}

/** The layout of a pick: a CSV when exactly one .csv is among the files, else an ImageFolder. */
export function labelledLayout(files: PickedFile[]): LabelledLayout {
  const csvs = files.filter((f) => f.path.toLowerCase().endsWith('.csv'));
  if (csvs.length > 1) throw new LabelledDataError(`${csvs.map((c) => c.path).join(', ')}: pick one CSV, not ${csvs.length}`);
  if (csvs.length === 1) return csvLayout(csvs[0], files.filter((f) => f !== csvs[0]));
  return folderLayout(files);
}
