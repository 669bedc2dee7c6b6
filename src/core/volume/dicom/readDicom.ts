/**
 * DICOM series → Volumes in two passes, so only one volume's voxels are ever in memory:
 *   1. read each file once, parse the header (stop before pixel data), forget the bytes;
 *   2. per chosen series, in slice order: read the file again, decode the frame, rescale into the
 *      volume's buffer (VoxelBuilder).
 * HU = stored · RescaleSlope + RescaleIntercept, where `stored` is the decoded sample re-read with
 * PixelRepresentation and BitsStored (sign-extended from bit BitsStored-1 when signed, masked to
 * BitsStored bits when unsigned). Doing this after decoding also repairs JPEG 2000 streams whose
 * own signedness disagrees with PixelRepresentation.
 */
import type { DataSet } from 'dicom-parser';
import type { Volume } from '../types';
import { VolumeReadError, type InputFile, type ReadOptions, type SeriesSummary, type SkippedFile } from '../input';
import { VoxelBuilder } from '../voxelBuilder';
import { transferSyntaxEntry } from './codecs';
import { fileInfo, frameBytes, parseFile, type DicomFileInfo } from './parse';
import { dropOddSizes, groupSeries, orderSeries, summarize, type FrameRef } from './series';
import { throwIfAborted } from '../../runtime/abort';

export interface DicomReadResult {
  volumes: Volume[];
  series: SeriesSummary[];
}

type Options = ReadOptions & { memoryBudgetBytes: number };

export async function readDicomFiles(files: InputFile[], opts: Options, skipped: SkippedFile[]): Promise<DicomReadResult> {
  const fileOf = new Map<DicomFileInfo, InputFile>();
  const infos = await scanHeaders(files, opts, skipped, fileOf);
  const groups = groupSeries(infos);
  const series = [...groups.entries()].map(([uid, frames]) => summarize(uid, frames));
  const chosen = chooseSeries(series, opts);
  const volumes: Volume[] = [];
  for (const uid of chosen) volumes.push(await readSeries(uid, groups.get(uid)!, fileOf, opts, skipped));
  return { volumes, series };
}

/** Pass 1: header of every file; unusable files go to `skipped`. */
async function scanHeaders(files: InputFile[], opts: Options, skipped: SkippedFile[], fileOf: Map<DicomFileInfo, InputFile>): Promise<DicomFileInfo[]> {
  const infos: DicomFileInfo[] = [];
  for (let i = 0; i < files.length; i++) {
    throwIfAborted(opts.signal, 'reading');
    const file = files[i];
    try {
      const info = fileInfo(parseFile(await file.read(), file.path, true), file.path);
      const problem = unsupportedReason(info);
      if (problem) skipped.push({ path: file.path, reason: problem });
      else {
        infos.push(info);
        fileOf.set(info, file);
      }
    } catch (err) {
      if (!(err instanceof VolumeReadError)) throw err;
      skipped.push({ path: file.path, reason: err.message });
    }
    opts.onProgress?.(i + 1, files.length * 2);
  }
  return infos;
}

function unsupportedReason(info: DicomFileInfo): string | undefined {
  const syntax = transferSyntaxEntry(info.transferSyntaxUID);
  if (!syntax) return `${info.path}: transfer syntax ${info.transferSyntaxUID} is not supported`;
  if (info.samplesPerPixel !== 1) return `${info.path}: colour image (${info.photometric}, ${info.samplesPerPixel} samples per pixel), not a grayscale slice`;
  if (![8, 16, 32].includes(info.bitsAllocated)) return `${info.path}: BitsAllocated ${info.bitsAllocated} is not supported`;
  if (/^1\.2\.840\.10008\.1\.2\.4\.5[01]$/.test(info.transferSyntaxUID) && info.bitsStored > 8) {
    return `${info.path}: ${info.bitsStored}-bit JPEG (${syntax.name}) is not supported; only 8-bit JPEG baseline/extended`;
  }
  return undefined;
}

function chooseSeries(series: SeriesSummary[], opts: Options): string[] {
  const list = () => series.map((s) => `${s.seriesInstanceUID} (${s.slices} slices, ${s.modality})`).join('; ');
  if (opts.seriesUID) {
    if (!series.some((s) => s.seriesInstanceUID === opts.seriesUID)) throw new VolumeReadError(`series ${opts.seriesUID} not found; available: ${list() || 'none'}`);
    return [opts.seriesUID];
  }
  if (opts.requireSingleSeries && series.length > 1) throw new VolumeReadError(`${series.length} DICOM series found; choose one with --series UID: ${list()}`);
  return series.map((s) => s.seriesInstanceUID);
}

/** Pass 2 for one series. */
async function readSeries(uid: string, all: FrameRef[], fileOf: Map<DicomFileInfo, InputFile>, opts: Options, skipped: SkippedFile[]): Promise<Volume> {
  const early: string[] = [];
  const usable = dropOddSizes(all, skipped, early);
  const ordered = orderSeries(uid, usable);
  const { rows, cols } = ordered.frames[0].info;
  const name = `${ordered.summary.modality} series ${uid}`;
  const builder = new VoxelBuilder({ rows, cols, slices: ordered.frames.length, source: name, memoryBudgetBytes: opts.memoryBudgetBytes });
  const stored = new Float64Array(rows * cols);
  let cached: { path: string; ds: DataSet } | undefined;
  for (let k = 0; k < ordered.frames.length; k++) {
    throwIfAborted(opts.signal, 'reading');
    const { info, frame } = ordered.frames[k];
    if (cached?.path !== info.path) cached = { path: info.path, ds: parseFile(await fileOf.get(info)!.read(), info.path, false) };
    builder.writeSlice(k, await decodeStored(cached.ds, info, frame, stored), info.slope, info.intercept);
    opts.onProgress?.(ordered.frames.length + k + 1, ordered.frames.length * 2);
  }
  const first = ordered.frames[0].info;
  return {
    id: uid,
    name,
    format: 'dicom',
    rows,
    cols,
    slices: ordered.frames.length,
    spacing: ordered.spacing,
    modality: first.modality,
    sources: ordered.frames.map(({ info, frame }) => ({ file: info.path, sopInstanceUID: info.sopInstanceUID, instanceNumber: info.instanceNumber, position: info.positions[frame] })),
    warnings: [...early, ...ordered.warnings],
    window: first.window,
    seriesInstanceUID: uid,
    voxels: builder.array,
  };
}

/**
 * Frame f as stored values (PixelRepresentation / BitsStored applied): the decoder's own array when
 * it already holds exactly those values (16-bit samples with BitsStored 16), else `out`.
 */
async function decodeStored(ds: DataSet, info: DicomFileInfo, f: number, out: Float64Array): Promise<ArrayLike<number>> {
  const syntax = transferSyntaxEntry(info.transferSyntaxUID)!;
  const signed = info.pixelRepresentation === 1;
  let decoded;
  try {
    const encoded = frameBytes(ds, info, f, syntax.encapsulated);
    decoded = await syntax.decode({ encoded, rows: info.rows, cols: info.cols, bitsAllocated: info.bitsAllocated, signed, samplesPerPixel: info.samplesPerPixel });
  } catch (err) {
    if (err instanceof VolumeReadError) throw err;
    throw new VolumeReadError(`cannot decode ${syntax.name} pixel data (${err instanceof Error ? err.message : String(err)})`, info.path);
  }
  if (decoded.width !== info.cols || decoded.height !== info.rows || decoded.samples.length < out.length) {
    throw new VolumeReadError(`decoded image is ${decoded.width}×${decoded.height}, header says ${info.cols}×${info.rows}`, info.path);
  }
  const s = decoded.samples;
  if (info.bitsStored === 16 && s.length === out.length && (signed ? s instanceof Int16Array : s instanceof Uint16Array)) return s;
  const bits = Math.min(info.bitsStored, 32);
  const shift = 32 - bits;
  const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  for (let i = 0; i < out.length; i++) out[i] = signed ? (s[i] << shift) >> shift : (s[i] & mask) >>> 0;
  return out;
}
