/**
 * Labelled slices from files (browser/Node neutral: InputFiles in, a LabelledSet out).
 * - ImageFolder: `<class>/<file>` or `<class>/<group>/<file>`, optionally under split folders
 *   `train/ val/ test/` (`<split>/<class>/[<group>/]<file>`).
 * - CSV (./labelCsv): rows naming files, which the Node side resolves into entries.
 * PNG and JPEG files are single 8-bit slices, colour made grey as Pillow's convert('L') (./greyImage;
 * one note says so); a DICOM file is one slice (grouped by its series); a NIfTI or .npy file gives
 * all its slices (grouped by file). CT values become 8-bit with the per-slice min/max mapping of
 * DESIGN.md. Every file is read before any training; unreadable files are one error naming them.
 */
import { toUint8Stack } from '../preprocess/toUint8';
import { fileFormat, readVolumes, type InputFile } from '../volume';
import { isAbortError, throwIfAborted } from '../runtime';
import { decodeGreyImage, isGreyImagePath } from './greyImage';
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
  const usable = files.filter((f) => !f.path.split('/').some((p) => p.startsWith('.')) && (isGreyImagePath(f.path) || fileFormat(f.path) !== 'ignored'));
  const ignored = files.length - usable.length;
  if (ignored) notes.push(`${ignored} file(s) that are not PNG, JPEG, DICOM, NIfTI or .npy were ignored`);
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
  /** Files read so far, of all (the app shows it while it checks a picked task). */
  onProgress?(done: number, total: number): void;
}

/** One entry's slices: [pixels, rows, cols, id, auto group] per slice; `colour` when a colour image was made grey. */
interface EntrySlices {
  slices: { pixels: Uint8Array; rows: number; cols: number; id: string }[];
  autoGroup?: string;
  colour: boolean;
}

async function readEntry(e: LabelledEntry): Promise<EntrySlices> {
  if (isGreyImagePath(e.file.path)) {
    const img = await decodeGreyImage(await e.file.read(), e.file.path);
    return { slices: [{ pixels: img.pixels, rows: img.rows, cols: img.cols, id: e.file.path }], colour: img.colour };
  }
  const out: EntrySlices = { slices: [], colour: false };
  const { volumes } = await readVolumes([e.file]);
  for (const v of volumes) {
    const stack = toUint8Stack(v);
    const len = stack.rows * stack.cols;
    out.autoGroup = v.slices > 1 || v.format === 'nifti' || v.format === 'npy' ? e.file.path : v.seriesInstanceUID;
    for (let k = 0; k < v.slices; k++) out.slices.push({ pixels: stack.pixels.subarray(k * len, (k + 1) * len), rows: stack.rows, cols: stack.cols, id: v.slices > 1 ? `${e.file.path}#${k}` : e.file.path });
  }
  if (out.slices.length === 0) throw new Error('no readable slice');
  return out;
}

/** Let a browser main thread paint between files (the app checks a picked task there). */
const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

export async function readLabelledEntries(list: EntryList, o: ReadLabelledOptions): Promise<LabelledSet> {
  const samples: LabelledSample[] = [];
  const failed: string[] = [];
  const notes = [...list.notes];
  const sizes = new Set<string>();
  let autoGrouped = 0;
  let colour = 0;
  let lastYield = Date.now();
  for (const [i, e] of list.entries.entries()) {
    throwIfAborted(o.signal, 'reading labelled slices');
    try {
      const read = await readEntry(e);
      const group = e.group ?? read.autoGroup;
      if (!e.group && read.autoGroup) autoGrouped++;
      if (read.colour) colour++;
      for (const sl of read.slices) {
        sizes.add(`${sl.rows}×${sl.cols}`);
        const px = storedPixels(sl.pixels, sl.rows, sl.cols, o.resizeTo);
        samples.push({ id: sl.id, label: e.label, ...px, source: sl.id, ...(group ? { group } : {}), ...(e.split ? { split: e.split } : {}) });
      }
    } catch (err) {
      if (isAbortError(err)) throw err;
      const msg = (err as Error).message;
      failed.push(msg.startsWith(e.file.path) ? msg : `${e.file.path} (${msg})`);
    }
    o.onProgress?.(i + 1, list.entries.length);
    if (o.onProgress && Date.now() - lastYield > 50) {
      await yieldToEventLoop();
      lastYield = Date.now();
    }
  }
  if (failed.length) throw new LabelledDataError(`${o.origin}: ${failed.length} unreadable file(s): ${failed.slice(0, 5).join('; ')}${failed.length > 5 ? `; … (${failed.length - 5} more)` : ''}`);
  if (colour) notes.push(colourNote(colour));
  const resized = [...sizes].filter((s) => s !== `${o.resizeTo}×${o.resizeTo}`);
  if (o.resizeTo && resized.length) {
    const mixed = sizes.size > 1 ? 'mixed slice sizes ' : '';
    notes.push(`${mixed}${resized.slice(0, 5).join(', ')}${resized.length > 5 ? ', …' : ''} resized to ${o.resizeTo}×${o.resizeTo} as read (bilinear, half-pixel centres, rounded to 8-bit)`);
  }
  if (autoGrouped) notes.push(`${autoGrouped} file(s) grouped automatically (a volume file's slices, or a DICOM file's series)`);
  return makeLabelledSet(fillGroups(samples, notes), { task: o.task, declaredClasses: list.declaredClasses, notes, origin: o.origin });
}

/** The one note on colour input (not one per file). */
export function colourNote(files: number): string {
  return `${files} colour image(s) converted to grey (ITU-R 601-2 luma, as Pillow's convert('L'))`;
}

/** A slice as stored: copied, or resized to size² (bilinear, half-pixel centres, rounded to 8-bit). */
export function storedPixels(px: Uint8Array, rows: number, cols: number, size: number | undefined): Pick<LabelledSample, 'pixels' | 'rows' | 'cols'> {
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
