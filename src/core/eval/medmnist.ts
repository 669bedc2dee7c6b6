/**
 * A MedMNIST-style `.npz` (Yang et al. 2023; any 2-D MedMNIST file, e.g. OrganSMNIST = the paper's
 * OrgMNIST task) → a LabelledSet whose split is the file's own:
 *   `{train,val,test}_images` uint8 N×H×W (grey) or N×H×W×3 (RGB, made grey as Pillow's "L"),
 *   `{train,val,test}_labels` integer N×1 (or N). val is optional.
 * The .npz is a zip of .npy arrays (numpy.savez[_compressed]), unzipped with fflate (browser and Node).
 * Class names are the label indices, zero-padded so that sorting keeps them in numeric order.
 * Every array is checked first; a problem names the file and the array.
 */
import { unzipSync } from 'fflate';
import { parseNpyHeader } from '../volume/npy';
import { throwIfAborted } from '../runtime';
import { lumaFromRgb } from './greyImage';
import { LabelledDataError, makeLabelledSet } from './labelled';
import { colourNote, storedPixels } from './labelledFiles';
import type { LabelledSample, LabelledSet, SplitName } from './types';

export function isNpzPath(path: string): boolean {
  return /\.npz$/i.test(path);
}

interface NpyArray {
  descr: string;
  shape: number[];
  data: Uint8Array;
}

const PARTS: SplitName[] = ['train', 'val', 'test'];

function npzArrays(bytes: Uint8Array, name: string): Map<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new LabelledDataError(`${name}: not a readable .npz (zip) file (${err instanceof Error ? err.message : String(err)})`);
  }
  const arrays = new Map<string, NpyArray>();
  for (const [entry, data] of Object.entries(files)) {
    if (!entry.endsWith('.npy')) continue;
    const key = entry.slice(0, -4);
    try {
      const h = parseNpyHeader(data, `${name}:${key}`);
      if (h.fortranOrder) throw new LabelledDataError(`${name}: array '${key}' is in Fortran order; save it in C order`);
      arrays.set(key, { descr: h.descr, shape: h.shape, data: data.subarray(h.dataOffset) });
    } catch (err) {
      if (err instanceof LabelledDataError) throw err;
      throw new LabelledDataError(`${name}: array '${key}': ${(err as Error).message}`);
    }
  }
  return arrays;
}

const INT_BYTES: Record<string, number> = { u1: 1, i1: 1, b1: 1, u2: 2, i2: 2, u4: 4, i4: 4, u8: 8, i8: 8 };

/** Integer class labels of an N×1 (or N) array, any integer dtype. */
function labelValues(a: NpyArray, name: string, key: string): number[] {
  const size = INT_BYTES[a.descr.slice(1)];
  if (!size) throw new LabelledDataError(`${name}: '${key}' has dtype '${a.descr}'; integer class labels expected`);
  if (a.shape.length > 2 || (a.shape.length === 2 && a.shape[1] !== 1)) {
    throw new LabelledDataError(`${name}: '${key}' is ${a.shape.join('×')}: one label per image (N×1) expected; multi-label files (e.g. ChestMNIST) are not supported`);
  }
  const n = a.shape[0];
  if (a.data.byteLength < n * size) throw new LabelledDataError(`${name}: '${key}' is truncated (${n * size} bytes expected, ${a.data.byteLength} found)`);
  const v = new DataView(a.data.buffer, a.data.byteOffset, n * size);
  const little = a.descr[0] !== '>';
  const signed = a.descr[1] === 'i';
  const read = (i: number): number => {
    const o = i * size;
    if (size === 1) return signed ? v.getInt8(o) : v.getUint8(o);
    if (size === 2) return signed ? v.getInt16(o, little) : v.getUint16(o, little);
    if (size === 4) return signed ? v.getInt32(o, little) : v.getUint32(o, little);
    return Number(signed ? v.getBigInt64(o, little) : v.getBigUint64(o, little));
  };
  const out = Array.from({ length: n }, (_, i) => read(i));
  const bad = out.findIndex((x) => x < 0);
  if (bad >= 0) throw new LabelledDataError(`${name}: '${key}' row ${bad} is ${out[bad]}; class labels must be 0 or more`);
  return out;
}

interface ImageArray {
  n: number;
  rows: number;
  cols: number;
  channels: number;
  data: Uint8Array;
}

function imageArray(a: NpyArray, name: string, key: string): ImageArray {
  if (a.descr.slice(1) !== 'u1' && a.descr !== '|u1') throw new LabelledDataError(`${name}: '${key}' has dtype '${a.descr}'; uint8 images expected`);
  const [n, rows, cols, channels = 1] = a.shape;
  const rgb = a.shape.length === 4 && (channels === 3 || channels === 1);
  if (a.shape.length !== 3 && !rgb) {
    const hint = a.shape.length === 4 ? ' (a 3-D MedMNIST file? only 2-D images are supported)' : '';
    throw new LabelledDataError(`${name}: '${key}' is ${a.shape.join('×')}; N×H×W (grey) or N×H×W×3 (RGB) expected${hint}`);
  }
  if (a.data.byteLength < n * rows * cols * channels) throw new LabelledDataError(`${name}: '${key}' is truncated (${n * rows * cols * channels} bytes expected, ${a.data.byteLength} found)`);
  return { n, rows, cols, channels, data: a.data };
}

export interface NpzReadOptions {
  task?: string;
  signal?: AbortSignal;
  /** Store every image resized to this side (bilinear, rounded to 8-bit), as ./labelledFiles does. */
  resizeTo?: number;
}

/** Which parts the file has and its class names, without building samples (the app shows them at pick time). */
export function npzSummary(bytes: Uint8Array, name: string): { parts: SplitName[]; classes: string[]; counts: Record<string, number> } {
  const { parts, labels } = checkedParts(npzArrays(bytes, name), name);
  const names = classNames(labels.flat());
  return { parts, classes: [...new Set(labels.flat().map((y) => names(y)))].sort(), counts: Object.fromEntries(parts.map((p, i) => [p, labels[i].length])) };
}

function checkedParts(arrays: Map<string, NpyArray>, name: string): { parts: SplitName[]; images: ImageArray[]; labels: number[][] } {
  const parts = PARTS.filter((p) => arrays.has(`${p}_images`) || arrays.has(`${p}_labels`));
  const missing = ['train', 'test'].flatMap((p) => [`${p}_images`, `${p}_labels`]).concat(parts.flatMap((p) => [`${p}_images`, `${p}_labels`])).filter((k) => !arrays.has(k));
  if (missing.length) throw new LabelledDataError(`${name}: missing array(s) ${[...new Set(missing)].join(', ')} (a MedMNIST-style .npz has {train,val,test}_images and _labels; found ${[...arrays.keys()].join(', ') || 'none'})`);
  const images = parts.map((p) => imageArray(arrays.get(`${p}_images`)!, name, `${p}_images`));
  const labels = parts.map((p) => labelValues(arrays.get(`${p}_labels`)!, name, `${p}_labels`));
  parts.forEach((p, i) => {
    if (images[i].n !== labels[i].length) throw new LabelledDataError(`${name}: ${images[i].n} ${p} images but ${labels[i].length} ${p} labels`);
  });
  const sizes = new Set(images.map((a) => `${a.rows}×${a.cols}`));
  if (sizes.size > 1) throw new LabelledDataError(`${name}: the parts have different image sizes (${[...sizes].join(', ')})`);
  return { parts, images, labels };
}

function classNames(all: number[]): (y: number) => string {
  const width = String(Math.max(0, ...all)).length;
  return (y) => String(y).padStart(width, '0');
}

/** Read and check a MedMNIST-style .npz (see module doc). */
export function readMedmnistNpz(bytes: Uint8Array, name: string, o: NpzReadOptions = {}): LabelledSet {
  const { parts, images, labels } = checkedParts(npzArrays(bytes, name), name);
  const label = classNames(labels.flat());
  const samples: LabelledSample[] = [];
  let colour = 0;
  parts.forEach((split, p) => {
    const a = images[p];
    const len = a.rows * a.cols;
    for (let i = 0; i < a.n; i++) {
      if (i % 1024 === 0) throwIfAborted(o.signal, 'reading labelled images');
      const raw = a.data.subarray(i * len * a.channels, (i + 1) * len * a.channels);
      const grey = a.channels === 3 ? lumaFromRgb(raw, len, 3) : raw;
      if (a.channels === 3) colour++;
      const id = `${split}#${i}`;
      samples.push({ id, label: label(labels[p][i]), ...storedPixels(grey, a.rows, a.cols, o.resizeTo), source: `${name}:${id}`, split });
    }
  });
  const notes = [`MedMNIST-style .npz: the file's ${parts.join('/')} split is used for every run`];
  if (colour) notes.push(colourNote(colour));
  const a = images[0];
  if (o.resizeTo && (a.rows !== o.resizeTo || a.cols !== o.resizeTo)) notes.push(`${a.rows}×${a.cols} resized to ${o.resizeTo}×${o.resizeTo} as read (bilinear, half-pixel centres, rounded to 8-bit)`);
  return makeLabelledSet(samples, { task: o.task ?? name.replace(/^.*\//, '').replace(/\.npz$/i, ''), notes, origin: name });
}
