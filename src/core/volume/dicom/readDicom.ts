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
import type { StreamedVolume, Volume, VolumeMeta, VoxelArray } from '../types';
import { VolumeReadError, type InputFile, type ReadOptions, type SeriesSummary, type SkippedFile } from '../input';
import { SliceBuilder, VoxelBuilder } from '../voxelBuilder';
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

/** One series found by the header pass: its files (in input order) and summary; no voxels read. */
export interface DicomSeriesFiles {
  summary: SeriesSummary;
  files: InputFile[];
}

/** Pass 1 alone (for discovery): every series in `files`, with the files that hold its frames. */
export async function scanDicomSeries(files: InputFile[], opts: ReadOptions, skipped: SkippedFile[]): Promise<DicomSeriesFiles[]> {
  const fileOf = new Map<DicomFileInfo, InputFile>();
  const infos = await scanHeaders(files, { ...opts, memoryBudgetBytes: 0 }, skipped, fileOf);
  return [...groupSeries(infos).entries()].map(([uid, frames]) => ({
    summary: summarize(uid, frames),
    files: [...new Set(frames.map((f) => fileOf.get(f.info)!))],
  }));
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

/** Pass 2 for one series, kept whole. */
async function readSeries(uid: string, all: FrameRef[], fileOf: Map<DicomFileInfo, InputFile>, opts: Options, skipped: SkippedFile[]): Promise<Volume> {
  const plan = planSeries(uid, all, skipped);
  const { rows, cols } = plan.ordered.frames[0].info;
  const builder = new VoxelBuilder({ rows, cols, slices: plan.ordered.frames.length, source: plan.name, memoryBudgetBytes: opts.memoryBudgetBytes });
  await decodeSlices(plan, fileOf, opts, (k, raw, slope, intercept) => builder.writeSlice(k, raw, slope, intercept, true));
  return { ...seriesMeta(uid, plan), voxels: builder.array };
}

/**
 * One series' slices one at a time, none kept (core/volume streamVolume): each goes to
 * `opts.onSlice` with readSeries' values, so memory is a few slices whatever the series' size.
 * The series is `opts.seriesUID`, else the only one in `files` (several: an error listing them).
 */
export async function streamDicomSeries(files: InputFile[], opts: ReadOptions & { onSlice: NonNullable<ReadOptions['onSlice']> }, skipped: SkippedFile[]): Promise<StreamedVolume> {
  const fileOf = new Map<DicomFileInfo, InputFile>();
  const groups = groupSeries(await scanHeaders(files, { ...opts, memoryBudgetBytes: 0 }, skipped, fileOf));
  // opts.seriesUID, else the only series (readDicomFiles' rule and messages, with requireSingleSeries).
  const [uid] = chooseSeries([...groups.entries()].map(([id, frames]) => summarize(id, frames)), { ...opts, requireSingleSeries: true, memoryBudgetBytes: 0 });
  if (uid === undefined) throw new VolumeReadError('no usable DICOM slice');
  const plan = planSeries(uid, groups.get(uid)!, skipped);
  const { rows, cols } = plan.ordered.frames[0].info;
  const slices = new SliceBuilder(rows * cols);
  await decodeSlices(plan, fileOf, opts, (k, raw, slope, intercept) => slices.write(k, raw, slope, intercept, true));
  const { storage, promotedAt } = slices;
  return { meta: seriesMeta(uid, plan), storage, ...(promotedAt ? { promotedAt } : {}), ...(skipped.length ? { skipped: [...skipped] } : {}) };
}

interface SeriesPlan {
  ordered: ReturnType<typeof orderSeries>;
  name: string;
  /** Warnings found before decoding (odd slice sizes dropped). */
  early: string[];
}

function planSeries(uid: string, all: FrameRef[], skipped: SkippedFile[]): SeriesPlan {
  const early: string[] = [];
  const usable = dropOddSizes(all, skipped, early);
  const ordered = orderSeries(uid, usable);
  return { ordered, name: `${ordered.summary.modality} series ${uid}`, early };
}

/** Decodes every frame in slice order into `store` (HU = stored · slope + intercept), calling onSlice with each slice's values. */
async function decodeSlices(plan: SeriesPlan, fileOf: Map<DicomFileInfo, InputFile>, opts: ReadOptions, store: (k: number, raw: ArrayLike<number>, slope: number, intercept: number) => VoxelArray): Promise<void> {
  const { frames } = plan.ordered;
  const { rows, cols } = frames[0].info;
  const scratch = new StoredScratch(rows * cols);
  let cached: { path: string; ds: DataSet } | undefined;
  for (let k = 0; k < frames.length; k++) {
    throwIfAborted(opts.signal, 'reading');
    const { info, frame } = frames[k];
    if (cached?.path !== info.path) cached = { path: info.path, ds: parseFile(await fileOf.get(info)!.read(), info.path, false) };
    const values = store(k, await decodeStored(cached.ds, info, frame, scratch), info.slope, info.intercept);
    opts.onSlice?.(k, values, { rows, cols, slices: frames.length });
    opts.onProgress?.(frames.length + k + 1, frames.length * 2);
  }
}

function seriesMeta(uid: string, plan: SeriesPlan): VolumeMeta {
  const { ordered } = plan;
  const first = ordered.frames[0].info;
  return {
    id: uid,
    name: plan.name,
    format: 'dicom',
    rows: first.rows,
    cols: first.cols,
    slices: ordered.frames.length,
    spacing: ordered.spacing,
    modality: first.modality,
    sources: ordered.frames.map(({ info, frame }) => ({ file: info.path, sopInstanceUID: info.sopInstanceUID, instanceNumber: info.instanceNumber, position: info.positions[frame] })),
    warnings: [...plan.early, ...ordered.warnings],
    window: first.window,
    seriesInstanceUID: uid,
    ...(first.orientation ? { orientation: first.orientation } : {}),
    ...(first.seriesDescription ? { seriesDescription: first.seriesDescription } : {}),
    ...(first.seriesNumber !== undefined ? { seriesNumber: first.seriesNumber } : {}),
  };
}

/** Scratch slices for stored values: int16 or uint16 when BitsStored ≤ 16 (the SIMD rescale takes those), else float64. */
class StoredScratch {
  private int16?: Int16Array;
  private uint16?: Uint16Array;
  private float64?: Float64Array;
  constructor(readonly length: number) {}
  for(signed: boolean, bits: number): Int16Array | Uint16Array | Float64Array {
    if (bits > 16) return (this.float64 ??= new Float64Array(this.length));
    return signed ? (this.int16 ??= new Int16Array(this.length)) : (this.uint16 ??= new Uint16Array(this.length));
  }
}

/**
 * Frame f as stored values (PixelRepresentation / BitsStored applied): the decoder's own array when
 * it already holds exactly those values (16-bit samples with BitsStored 16), else `out`.
 */
async function decodeStored(ds: DataSet, info: DicomFileInfo, f: number, scratch: StoredScratch): Promise<ArrayLike<number>> {
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
  if (decoded.width !== info.cols || decoded.height !== info.rows || decoded.samples.length < scratch.length) {
    throw new VolumeReadError(`decoded image is ${decoded.width}×${decoded.height}, header says ${info.cols}×${info.rows}`, info.path);
  }
  const s = decoded.samples;
  if (info.bitsStored === 16 && s.length === scratch.length && (signed ? s instanceof Int16Array : s instanceof Uint16Array)) return s;
  // BitsStored missing or 0 (malformed): the whole allocated sample is the value.
  const bits = info.bitsStored >= 1 ? Math.min(info.bitsStored, 32) : info.bitsAllocated;
  const out = scratch.for(signed, bits);
  if (signed) signExtend(s, out, bits);
  else maskBits(s, out, bits);
  return out;
}

/** out[i] = s[i] sign-extended from bit `bits` − 1 (one loop per case: no branch per sample). */
function signExtend(s: ArrayLike<number>, out: Int16Array | Uint16Array | Float64Array, bits: number): void {
  const shift = 32 - bits;
  for (let i = 0; i < out.length; i++) out[i] = (s[i] << shift) >> shift;
}

/** out[i] = the low `bits` bits of s[i], unsigned (CT's BitsStored 12 in 16-bit samples). */
function maskBits(s: ArrayLike<number>, out: Int16Array | Uint16Array | Float64Array, bits: number): void {
  if (bits >= 32) {
    for (let i = 0; i < out.length; i++) out[i] = s[i] >>> 0;
    return;
  }
  const mask = 2 ** bits - 1;
  for (let i = 0; i < out.length; i++) out[i] = s[i] & mask;
}
