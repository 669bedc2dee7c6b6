/**
 * The user's labelled data as picked or dropped in the browser (files with paths, no disk) →
 * core/eval's entry list: an ImageFolder (`[split/]class/[group/]file`, core imageFolderEntries),
 * one CSV `path,label[,group][,split]` (core parseLabelCsv) whose paths name the other picked
 * files (matched by relative path, then by path suffix), the COVID-CT repository folder (core
 * covidCtEntries) or one MedMNIST-style .npz (core medmnist). The main thread reads and checks
 * every file when the task is picked (readLabelledPick); the worker reads them again to train.
 * Errors name the file and the problem.
 */
import { LabelledDataError, type LabelledSet } from '../../core/eval';
import { covidCtEntries, covidCtFilesNeeded, isCovidCtLayout } from '../../core/eval/covidCt';
import { parseLabelCsv } from '../../core/eval/labelCsv';
import { imageFolderEntries, readLabelledEntries, type EntryList } from '../../core/eval/labelledFiles';
import { isNpzPath, npzSummary, readMedmnistNpz } from '../../core/eval/medmnist';
import { inputFileFromBytes } from '../../core/volume/input';

export interface PickedFile {
  path: string;
  bytes: Uint8Array;
}

export interface LabelledLayout extends EntryList {
  kind: 'folder' | 'csv' | 'covid-ct' | 'npz';
  /** The picked folder or the CSV's name (for messages and the report). */
  origin: string;
  classes: string[];
  /** kind 'npz': the file's bytes (its images are arrays, not entries). */
  npz?: Uint8Array;
}

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

/** The picked folder's name when every path starts with it (a folder pick or a folder drop). */
function commonRoot(paths: string[]): string | undefined {
  const first = new Set(paths.map((p) => parts(p)[0]));
  return first.size === 1 && paths.every((p) => parts(p).length > 2) ? [...first][0] : undefined;
}

/** The first path part when every path has one and shares it (a picked folder's name). */
function sharedTop(paths: string[]): string | undefined {
  const first = new Set(paths.map((p) => parts(p)[0]));
  return first.size === 1 && paths.every((p) => parts(p).length > 1) ? [...first][0] : undefined;
}

/** COVID-CT paths relative to the repository folder, or undefined when the pick is not one. */
function covidCtRelative(paths: string[]): { root: string | undefined; rel: (p: string) => string } | undefined {
  const top = sharedTop(paths);
  const rel = (p: string) => (top ? parts(p).slice(1) : parts(p)).join('/');
  return isCovidCtLayout(paths.map(rel)) ? { root: top, rel } : undefined;
}

/** Of a pick, the files a layout reads (a COVID-CT clone holds code and notebooks the app never needs to load). */
export function relevantPickedPaths<T extends { path: string }>(files: T[]): T[] {
  const cc = covidCtRelative(files.map((f) => f.path));
  if (!cc) return files;
  const needed = covidCtFilesNeeded(files.map((f) => cc.rel(f.path)));
  return files.filter((f) => needed.has(cc.rel(f.path)));
}

async function covidCtLayout(files: PickedFile[], cc: NonNullable<ReturnType<typeof covidCtRelative>>): Promise<LabelledLayout> {
  const origin = cc.root ?? 'COVID-CT';
  const list = await covidCtEntries(files.map((f) => inputFileFromBytes(cc.rel(f.path), f.bytes)), origin);
  return finish({ ...list, kind: 'covid-ct', origin });
}

function npzLayout(file: PickedFile): LabelledLayout {
  const { classes, counts } = npzSummary(file.bytes, file.path);
  const split = Object.entries(counts).map(([p, n]) => `${p} ${n}`).join(', ');
  return { kind: 'npz', origin: file.path, classes, entries: [], notes: [`MedMNIST-style .npz: ${split} images`], npz: file.bytes };
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
  if (layout.entries.length === 0) throw new LabelledDataError(`${layout.origin}: no labelled images found (PNG, JPEG, DICOM or NIfTI under class folders, a CSV naming them, a COVID-CT repository folder or a MedMNIST .npz)`);
  const classes = [...new Set(layout.entries.map((e) => e.label))].sort();
  if (classes.length < 2) throw new LabelledDataError(`${layout.origin}: only one class ('${classes[0]}'); a classification task needs at least two`);
  // No leakage note here: core planRuns makes the one note, and only when it draws a split without groups.
  return { ...layout, classes };
}

/**
 * The layout of a pick: one .npz → MedMNIST; a folder holding Data-split/ and Images-processed/ →
 * COVID-CT; exactly one .csv among the files → CSV; else an ImageFolder.
 */
export async function labelledLayout(files: PickedFile[]): Promise<LabelledLayout> {
  const npz = files.filter((f) => isNpzPath(f.path));
  if (npz.length > 1) throw new LabelledDataError(`${npz.map((c) => c.path).join(', ')}: pick one .npz, not ${npz.length}`);
  if (npz.length === 1) return npzLayout(npz[0]);
  const cc = covidCtRelative(files.map((f) => f.path));
  if (cc) return covidCtLayout(files, cc);
  const csvs = files.filter((f) => f.path.toLowerCase().endsWith('.csv'));
  if (csvs.length > 1) throw new LabelledDataError(`${csvs.map((c) => c.path).join(', ')}: pick one CSV, not ${csvs.length}`);
  if (csvs.length === 1) return csvLayout(csvs[0], files.filter((f) => f !== csvs[0]));
  return folderLayout(files);
}

export interface ReadPickOptions {
  signal?: AbortSignal;
  /** Store slices at this side (the encoder's input; a small size when only checking). */
  resizeTo?: number;
  onProgress?(done: number, total: number): void;
}

/** Read and check every file of a pick → the LabelledSet (errors name each broken file and its problem). */
export async function readLabelledPick(files: PickedFile[], o: ReadPickOptions = {}): Promise<LabelledSet> {
  const layout = await labelledLayout(files);
  if (layout.kind === 'npz') return readMedmnistNpz(layout.npz!, layout.origin, o);
  return readLabelledEntries(layout, { task: layout.origin.replace(/\.csv$/i, ''), origin: layout.origin, ...o });
}
