/**
 * The layout of the user's labelled data, from file paths (and the CSV's text), without decoding a
 * single image: an ImageFolder (`[split/]class/file`, split ∈ train|val|test) or a CSV
 * `path,label[,group][,split]` (header optional) whose paths name the other picked files.
 * Used on the main thread to show classes at once, and in the worker to label decoded slices.
 * Errors name the file and the problem.
 */
import { fileFormat } from '../../core/volume/detect';
import type { SplitName } from '../../core/eval';

export interface LabelledEntry {
  path: string;
  label: string;
  group?: string;
  split?: SplitName;
}

export interface LabelledLayout {
  kind: 'folder' | 'csv';
  entries: LabelledEntry[];
  classes: string[];
  notes: string[];
}

const SPLITS = new Set(['train', 'val', 'test']);

function isImage(path: string): boolean {
  return fileFormat(path) !== 'ignored';
}

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** Strips the folder the user picked (the common first path component) from every path. */
function relative(paths: string[]): Map<string, string> {
  const first = new Set(paths.map((p) => parts(p)[0]));
  const strip = first.size === 1 && paths.every((p) => parts(p).length > 2);
  return new Map(paths.map((p) => [p, strip ? parts(p).slice(1).join('/') : parts(p).join('/')]));
}

function folderLayout(paths: string[]): LabelledLayout {
  const rel = relative(paths.filter(isImage));
  const entries: LabelledEntry[] = [];
  for (const [path, r] of rel) {
    const p = parts(r);
    if (p.length < 2) throw new Error(`${path}: not inside a class folder (expected [train|val|test/]CLASS/FILE)`);
    const split = SPLITS.has(p[0]) && p.length >= 3 ? (p[0] as SplitName) : undefined;
    entries.push({ path, label: split ? p[1] : p[p.length - 2], split });
  }
  return finish('folder', entries, []);
}

function splitCsvLine(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** The CSV layout; `files` are the other picked paths (matched by full path, then by file name). */
export function csvLayout(csvName: string, text: string, files: string[]): LabelledLayout {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines.length === 0) throw new Error(`${csvName}: empty CSV`);
  const head = splitCsvLine(lines[0]).map((c) => c.toLowerCase());
  const hasHeader = head[0] === 'path' && head[1] === 'label';
  const col = (name: string, fallback: number) => (hasHeader ? head.indexOf(name) : fallback);
  const [gi, si] = [col('group', 2), col('split', 3)];
  const byPath = new Map(files.map((f) => [f, f]));
  const byName = new Map(files.map((f) => [parts(f).pop() ?? f, f]));
  const entries: LabelledEntry[] = [];
  const missing: string[] = [];
  lines.slice(hasHeader ? 1 : 0).forEach((line, k) => {
    const c = splitCsvLine(line);
    if (c.length < 2 || !c[1]) throw new Error(`${csvName}, line ${k + (hasHeader ? 2 : 1)}: expected path,label[,group][,split], got '${line}'`);
    const path = byPath.get(c[0]) ?? [...byPath.keys()].find((f) => f.endsWith(`/${c[0]}`)) ?? byName.get(parts(c[0]).pop() ?? c[0]);
    if (!path) { missing.push(c[0]); return; }
    const split = si >= 0 && SPLITS.has(c[si]) ? (c[si] as SplitName) : undefined;
    entries.push({ path, label: c[1], group: gi >= 0 && c[gi] ? c[gi] : undefined, split });
  });
  if (missing.length) throw new Error(`${csvName}: ${missing.length} listed file${missing.length > 1 ? 's were' : ' was'} not picked (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); pick the CSV together with its images`);
  return finish('csv', entries, []);
}

function finish(kind: LabelledLayout['kind'], entries: LabelledEntry[], notes: string[]): LabelledLayout {
  if (entries.length === 0) throw new Error('no labelled images found (PNG, DICOM or NIfTI under class folders, or a CSV naming them)');
  const classes = [...new Set(entries.map((e) => e.label))].sort();
  if (classes.length < 2) throw new Error(`only one class ('${classes[0]}') found; a classification task needs at least two`);
  const out = [...notes];
  if (!entries.some((e) => e.group)) out.push('no groups (patient or volume) given: slices of one volume may fall into both training and test parts and inflate the scores');
  return { kind, entries, classes, notes: out };
}

/** The layout of a pick: a CSV when exactly one .csv is among the files, else an ImageFolder. */
export function labelledLayout(files: { path: string; bytes: Uint8Array }[]): LabelledLayout {
  const csvs = files.filter((f) => f.path.toLowerCase().endsWith('.csv'));
  if (csvs.length > 1) throw new Error(`${csvs.map((c) => c.path).join(', ')}: pick one CSV, not ${csvs.length}`);
  if (csvs.length === 1) return csvLayout(csvs[0].path, new TextDecoder().decode(csvs[0].bytes), files.filter((f) => f !== csvs[0]).map((f) => f.path));
  return folderLayout(files.map((f) => f.path));
}
