/**
 * Folders of 8-bit grayscale PNG slices (the reference pipeline's on-disk format), decoded with
 * fast-png. Pixels are kept as uint8, unchanged.
 *
 * Grouping: the reference pipeline names slices `<patient>_<n>_<i>.png` (volume n of a patient,
 * slice i); such files form one volume per (folder, `<patient>_<n>`), ordered by i. Other PNGs form
 * one volume per folder in natural file-name order (slice_2 < slice_10).
 * Slices whose size differs from the group's most common size are skipped and reported.
 */
import { decode, hasPngSignature } from 'fast-png';
import type { Volume } from './types';
import { VolumeReadError, baseName, dirName, type InputFile, type SkippedFile } from './input';
import { naturalCompare } from './naturalSort';
import { VoxelBuilder } from './voxelBuilder';
import { throwIfAborted } from '../runtime/abort';

const PIPELINE_NAME = /^(.+_\d+)_(\d+)\.png$/i;

export function isPngPath(path: string): boolean {
  return /\.png$/i.test(path);
}

export interface PngGroup {
  key: string;
  files: InputFile[];
}

/** Splits PNG files into volumes (see module doc) in a stable order. */
export function groupPngFiles(files: InputFile[]): PngGroup[] {
  const groups = new Map<string, { file: InputFile; order: number | string }[]>();
  for (const file of files) {
    const m = PIPELINE_NAME.exec(baseName(file.path));
    const dir = dirName(file.path);
    const key = m ? (dir ? `${dir}/${m[1]}` : m[1]) : dir || '.';
    const list = groups.get(key) ?? [];
    list.push({ file, order: m ? Number(m[2]) : baseName(file.path) });
    groups.set(key, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => naturalCompare(a, b))
    .map(([key, list]) => ({
      key,
      files: list
        .sort((a, b) => (typeof a.order === 'number' && typeof b.order === 'number' ? a.order - b.order : naturalCompare(String(a.order), String(b.order))))
        .map((e) => e.file),
    }));
}

/** Width and height from the IHDR chunk (bytes 16..23), without decoding. */
function pngSize(bytes: Uint8Array, path: string): { rows: number; cols: number } {
  if (bytes.length < 24 || !hasPngSignature(bytes)) throw new VolumeReadError('not a PNG file (bad signature)', path);
  const v = new DataView(bytes.buffer, bytes.byteOffset, 24);
  return { cols: v.getUint32(16), rows: v.getUint32(20) };
}

/** Gray values of one decoded PNG; RGB(A) is accepted only when R = G = B. */
function grayPixels(bytes: Uint8Array, path: string): Uint8Array {
  let png;
  try {
    png = decode(bytes);
  } catch (err) {
    throw new VolumeReadError(`corrupt PNG (${err instanceof Error ? err.message : String(err)})`, path);
  }
  if (png.depth !== 8 || png.palette) throw new VolumeReadError(`PNG is ${png.palette ? 'palette' : `${png.depth}-bit`}; 8-bit grayscale expected`, path);
  const { channels, data } = png;
  const n = png.width * png.height;
  if (channels === 1) return data as Uint8Array;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    if (channels >= 3 && (data[p] !== data[p + 1] || data[p] !== data[p + 2])) throw new VolumeReadError('PNG has colour pixels; 8-bit grayscale expected', path);
    out[i] = data[p];
  }
  return out;
}

export interface PngReadOptions {
  memoryBudgetBytes: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/** Reads one group as a volume; unusable slices go to `skipped`. */
export async function readPngGroup(group: PngGroup, opts: PngReadOptions, skipped: SkippedFile[]): Promise<Volume | undefined> {
  const sized: { file: InputFile; key: string }[] = [];
  const counts = new Map<string, number>();
  for (const file of group.files) {
    throwIfAborted(opts.signal, 'reading');
    try {
      const { rows, cols } = pngSize(await file.read(), file.path);
      const key = `${rows}x${cols}`;
      sized.push({ file, key });
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch (err) {
      if (!(err instanceof VolumeReadError)) throw err;
      skipped.push({ path: file.path, reason: err.message });
    }
  }
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!common) return undefined;
  const [rows, cols] = common.split('x').map(Number);
  const warnings: string[] = [];
  const usable = sized.filter((s) => {
    if (s.key === common) return true;
    skipped.push({ path: s.file.path, reason: `${s.file.path}: slice is ${s.key.replace('x', '×')} (rows×cols) but the volume's slices are ${rows}×${cols}; skipped` });
    warnings.push(`skipped ${s.file.path}: different slice size`);
    return false;
  });
  const builder = new VoxelBuilder({ rows, cols, slices: usable.length, source: group.key, memoryBudgetBytes: opts.memoryBudgetBytes, storage: 'uint8' });
  for (let k = 0; k < usable.length; k++) {
    throwIfAborted(opts.signal, 'reading');
    builder.writeSlice(k, grayPixels(await usable[k].file.read(), usable[k].file.path));
    opts.onProgress?.(k + 1, usable.length);
  }
  return {
    id: group.key,
    name: baseName(group.key),
    format: 'png',
    rows,
    cols,
    slices: usable.length,
    spacing: [1, 1, 1],
    modality: 'OT',
    sources: usable.map((u) => ({ file: u.file.path })),
    warnings,
    voxels: builder.array,
  };
}
