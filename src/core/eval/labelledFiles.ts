/**
 * Labelled slices from files (browser/Node neutral: InputFiles in, a LabelledSet out).
 * - ImageFolder: `<class>/<file>` or `<class>/<group>/<file>`, optionally under split folders
 *   `train/ val/ test/` (`<split>/<class>/[<group>/]<file>`).
 * - CSV (./labelCsv): rows naming files, which the Node side resolves into entries.
 * PNG files are single 8-bit slices; a DICOM file is one slice (grouped by its series); a NIfTI or
 * .npy file gives all its slices (grouped by file). CT values become 8-bit with the per-slice
 * min/max mapping of DESIGN.md. Unreadable files are an error that names them.
 */
import { toUint8Stack } from '../preprocess/toUint8';
import { fileFormat, readVolumes, type InputFile } from '../volume';
import { isAbortError, throwIfAborted } from '../runtime';
import { LabelledDataError, makeLabelledSet } from './labelled';
import { resizeBilinear } from './resize';
import type { LabelledSample, LabelledSet, SplitName } from './types';

export interface LabelledEntry {
  file: InputFile;
  label: string;
  group?: string;
  split?: SplitName;
}

export interface EntryList {
  entries: LabelledEntry[];
  /** Classes the layout declares (class folders), to report an empty one by name. */
  declaredClasses?: string[];
  notes: string[];
}

const SPLITS: readonly string[] = ['train', 'val', 'test'];

/** ImageFolder layout → entries. `classDirs`: class folder names seen (an empty one has no files). */
export function imageFolderEntries(files: readonly InputFile[], root: string, classDirs: string[] = []): EntryList {
  const notes: string[] = [];
  const usable = files.filter((f) => !f.path.split('/').some((p) => p.startsWith('.')) && fileFormat(f.path) !== 'ignored');
  const ignored = files.length - usable.length;
  if (ignored) notes.push(`${ignored} file(s) that are not PNG, DICOM, NIfTI or .npy were ignored`);
  const parts = usable.map((f) => f.path.split('/'));
  const loose = usable.find((_, i) => parts[i].length < 2);
  if (loose) throw new LabelledDataError(`${root}: ${loose.path} is not inside a class folder (expected <class>/<file> or train|val|test/<class>/<file>)`);
  const splitLayout = parts.length > 0 && parts.every((p) => SPLITS.includes(p[0].toLowerCase()));
  const entries = usable.map((file, i) => {
    const p = splitLayout ? parts[i].slice(1) : parts[i];
    if (p.length < 2) throw new LabelledDataError(`${root}: ${file.path} is not inside a class folder under its split folder`);
    const group = p.length > 2 ? p.slice(1, -1).join('/') : undefined;
    return { file, label: p[0], ...(group ? { group } : {}), ...(splitLayout ? { split: parts[i][0].toLowerCase() as SplitName } : {}) };
  });
  if (splitLayout) notes.push('split folders found: the given train/val/test split is used for every run');
  return { entries, declaredClasses: classDirs, notes };
}

/** Read every entry's slices; unreadable files throw one error that names them. */
export interface ReadLabelledOptions {
  task: string;
  /** Where the entries came from (folder or CSV), for messages. */
  origin: string;
  signal?: AbortSignal;
  /**
   * Store every slice resized to this side (bilinear, half-pixel centres, rounded to 8-bit) as it
   * is read, so memory holds N·S² bytes rather than the full-size slices. The encoder input size.
   */
  resizeTo?: number;
}

export async function readLabelledEntries(list: EntryList, o: ReadLabelledOptions): Promise<LabelledSet> {
  const samples: LabelledSample[] = [];
  const failed: string[] = [];
  const notes = [...list.notes];
  const sizes = new Set<string>();
  let autoGrouped = 0;
  for (const e of list.entries) {
    throwIfAborted(o.signal, 'reading labelled slices');
    try {
      const { volumes } = await readVolumes([e.file]);
      for (const v of volumes) {
        const stack = toUint8Stack(v);
        const len = stack.rows * stack.cols;
        const auto = v.slices > 1 || v.format === 'nifti' || v.format === 'npy' ? e.file.path : v.seriesInstanceUID;
        const group = e.group ?? auto;
        if (!e.group && auto) autoGrouped++;
        sizes.add(`${stack.rows}×${stack.cols}`);
        for (let k = 0; k < v.slices; k++) {
          const id = v.slices > 1 ? `${e.file.path}#${k}` : e.file.path;
          const px = storedPixels(stack.pixels.subarray(k * len, (k + 1) * len), stack.rows, stack.cols, o.resizeTo);
          samples.push({ id, label: e.label, ...px, source: id, ...(group ? { group } : {}), ...(e.split ? { split: e.split } : {}) });
        }
      }
    } catch (err) {
      if (isAbortError(err)) throw err;
      failed.push(`${e.file.path} (${(err as Error).message})`);
    }
  }
  if (failed.length) throw new LabelledDataError(`${o.origin}: ${failed.length} unreadable file(s): ${failed.slice(0, 3).join('; ')}${failed.length > 3 ? '; …' : ''}`);
  const resized = [...sizes].filter((s) => s !== `${o.resizeTo}×${o.resizeTo}`);
  if (o.resizeTo && resized.length) {
    const mixed = sizes.size > 1 ? 'mixed slice sizes ' : '';
    notes.push(`${mixed}${resized.slice(0, 5).join(', ')}${resized.length > 5 ? ', …' : ''} resized to ${o.resizeTo}×${o.resizeTo} as read (bilinear, half-pixel centres, rounded to 8-bit)`);
  }
  if (autoGrouped) notes.push(`${autoGrouped} file(s) grouped automatically (a volume file's slices, or a DICOM file's series)`);
  return makeLabelledSet(fillGroups(samples, notes), { task: o.task, declaredClasses: list.declaredClasses, notes, origin: o.origin });
}

function storedPixels(px: Uint8Array, rows: number, cols: number, size: number | undefined): Pick<LabelledSample, 'pixels' | 'rows' | 'cols'> {
  if (!size || (rows === size && cols === size)) return { pixels: px.slice(), rows, cols };
  const resized = resizeBilinear(px, rows, cols, size, size);
  return { pixels: Uint8Array.from(resized, (v) => Math.min(255, Math.max(0, Math.round(v)))), rows: size, cols: size };
}

/** When only some samples have a group, the rest become groups of one (so no group is split). */
function fillGroups(samples: LabelledSample[], notes: string[]): LabelledSample[] {
  const missing = samples.filter((s) => s.group === undefined).length;
  if (missing === 0 || missing === samples.length) return samples;
  notes.push(`${missing} slice(s) without a group form groups of one: they may share a volume with other slices and leak`);
  return samples.map((s) => (s.group === undefined ? { ...s, group: `sample:${s.id}` } : s));
}
