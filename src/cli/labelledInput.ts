/**
 * Node side of the labelled inputs (core/eval does the rest): an ImageFolder tree, a label CSV, a
 * MedMNIST-style .npz (core/eval/medmnist) or a COVID-CT repository folder (core/eval/covidCt) on
 * disk → a LabelledSet. Every file is read and checked here, before any training step.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { LabelledDataError, type LabelledSet } from '../core/eval';
import { covidCtEntries, isCovidCtLayout } from '../core/eval/covidCt';
import { parseLabelCsv } from '../core/eval/labelCsv';
import { isNpzPath, readMedmnistNpz } from '../core/eval/medmnist';
import { imageFolderEntries, readLabelledEntries, type LabelledEntry } from '../core/eval/labelledFiles';
import { collectInputFiles } from './io';
import { CliError } from './errors';

const SPLITS = ['train', 'val', 'test'];

async function subfolders(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
}

/** Class folder names (under split folders when every top folder is train/val/test). */
async function classFolders(root: string): Promise<string[]> {
  const top = await subfolders(root);
  if (top.length && top.every((d) => SPLITS.includes(d.toLowerCase()))) {
    return [...new Set((await Promise.all(top.map((d) => subfolders(join(root, d))))).flat())];
  }
  return top;
}

async function csvEntries(csvPath: string): Promise<LabelledEntry[]> {
  const rows = parseLabelCsv(await readFile(csvPath, 'utf8'), csvPath);
  const entries: LabelledEntry[] = [];
  for (const [i, r] of rows.entries()) {
    const path = isAbsolute(r.path) ? r.path : join(dirname(csvPath), r.path);
    let files;
    try {
      files = await collectInputFiles(path);
    } catch {
      throw new LabelledDataError(`${csvPath}: row ${i + 1}: ${r.path} does not exist`);
    }
    for (const file of files) entries.push({ file: files.length > 1 ? { ...file, path: `${r.path}/${file.path}` } : { ...file, path: r.path }, label: r.label, ...(r.group ? { group: r.group } : {}), ...(r.split ? { split: r.split } : {}) });
  }
  return entries;
}

/** `<labelled>`: a label CSV file or an ImageFolder tree; user errors become CliErrors. */
export async function readLabelledInput(input: string, opts: { signal?: AbortSignal; resizeTo?: number } = {}): Promise<LabelledSet> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new CliError(`${input}: no such file or folder`);
  }
  try {
    const task = basename(input).replace(/\.csv$/i, '');
    if (info.isFile()) {
      if (isNpzPath(input)) return readMedmnistNpz(new Uint8Array(await readFile(input)), input, { ...opts, task: basename(input).replace(/\.npz$/i, '') });
      if (!/\.csv$/i.test(input)) throw new CliError(`${input}: expected a folder of class sub-folders, a COVID-CT repository folder, a MedMNIST .npz or a .csv file of path,label[,group][,split]`);
      return await readLabelledEntries({ entries: await csvEntries(input), notes: [] }, { task, origin: input, ...opts });
    }
    const files = await collectInputFiles(input);
    const list = isCovidCtLayout(files.map((f) => f.path)) ? await covidCtEntries(files, input) : imageFolderEntries(files, input, await classFolders(input));
    return await readLabelledEntries(list, { task, origin: input, ...opts });
  } catch (err) {
    if (err instanceof LabelledDataError) throw new CliError(err.message);
    throw err;
  }
}
