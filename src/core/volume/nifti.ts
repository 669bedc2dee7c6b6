/**
 * NIfTI-1 and NIfTI-2 reader (.nii and .nii.gz; not .hdr/.img pairs), streamed: the (decompressed)
 * bytes flow through once and each slice is converted as soon as it is complete, so the file is
 * never held whole next to the volume. Header fields are parsed by nifti-reader-js.
 *
 * - Datatypes: uint8, int8, int16, uint16, int32, uint32, float32, float64; either byte order.
 * - Values: `v = raw * scl_slope + scl_inter` when scl_slope is finite and non-zero (NIfTI rule),
 *   else raw. Stored as int16 when every value fits, else float32 (see VoxelBuilder).
 * - Geometry: voxel (i, j, k) → slice k, row j, column i, i.e. the file's own order, no resampling
 *   and no flips. qform/sform are NOT applied (a warning says which one the file has); spacing is
 *   |pixdim[1..3]|. Only the first volume of a 4-D file is read.
 */
import { Gunzip } from 'fflate';
import { readHeader, type NIFTI1, type NIFTI2 } from 'nifti-reader-js';
import type { StreamedVolume, Volume, VolumeMeta } from './types';
import { VolumeReadError, baseName, fileChunks, type InputFile, type ReadOptions } from './input';
import { SliceBuilder, VoxelBuilder } from './voxelBuilder';
import { isAbortError, throwIfAborted } from '../runtime/abort';

/** Byte readers per NIfTI datatype code. */
const DATATYPES: Record<number, { bytes: number; get: (v: DataView, o: number, le: boolean) => number; name: string }> = {
  2: { bytes: 1, get: (v, o) => v.getUint8(o), name: 'uint8' },
  256: { bytes: 1, get: (v, o) => v.getInt8(o), name: 'int8' },
  4: { bytes: 2, get: (v, o, le) => v.getInt16(o, le), name: 'int16' },
  512: { bytes: 2, get: (v, o, le) => v.getUint16(o, le), name: 'uint16' },
  8: { bytes: 4, get: (v, o, le) => v.getInt32(o, le), name: 'int32' },
  768: { bytes: 4, get: (v, o, le) => v.getUint32(o, le), name: 'uint32' },
  16: { bytes: 4, get: (v, o, le) => v.getFloat32(o, le), name: 'float32' },
  64: { bytes: 8, get: (v, o, le) => v.getFloat64(o, le), name: 'float64' },
};

/** Datatypes whose raw values are integers (the int16 check then needs no Number.isInteger). */
const INTEGER_CODES = new Set([2, 256, 4, 512, 8, 768]);

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function isNiftiPath(path: string): boolean {
  return /\.nii(\.gz)?$/i.test(path);
}

export type NiftiReadOptions = Pick<ReadOptions, 'signal' | 'onProgress' | 'onSlice' | 'gunzip'> & { memoryBudgetBytes: number };

export async function readNifti(file: InputFile, opts: NiftiReadOptions): Promise<Volume> {
  const assembler = new NiftiAssembler(file.path, opts, true);
  await feedAll(file, assembler, opts);
  return assembler.finish();
}

export type NiftiStreamOptions = Omit<NiftiReadOptions, 'memoryBudgetBytes' | 'onSlice'> & { onSlice: NonNullable<ReadOptions['onSlice']> };

/**
 * The file's slices one at a time, none kept: each goes to `onSlice` (a view valid only during the
 * call) with readNifti's values, so memory is a few slices whatever the volume's size (no memory
 * budget applies). For work that needs each slice once, such as HASH over a dataset.
 */
export async function streamNifti(file: InputFile, opts: NiftiStreamOptions): Promise<StreamedVolume> {
  const assembler = new NiftiAssembler(file.path, { ...opts, memoryBudgetBytes: Infinity }, false);
  await feedAll(file, assembler, opts);
  return assembler.finishStreamed();
}

async function feedAll(file: InputFile, assembler: NiftiAssembler, opts: Pick<NiftiReadOptions, 'signal' | 'gunzip'>): Promise<void> {
  try {
    for await (const chunk of decompressed(fileChunks(file), opts.gunzip)) {
      throwIfAborted(opts.signal, 'reading');
      assembler.feed(chunk);
    }
  } catch (err) {
    if (err instanceof VolumeReadError || isAbortError(err)) throw err;
    throw new VolumeReadError(`corrupt or truncated file (${err instanceof Error ? err.message : String(err)})`, file.path);
  }
}

/**
 * The file's bytes, gunzipped when they start with the gzip magic (1f 8b): with the platform's
 * DecompressionStream (native zlib in browsers, Workers and Node ≥ 18) where there is one, else
 * fflate's streaming Gunzip; or with the caller's own gunzip (ReadOptions.gunzip).
 */
async function* decompressed(chunks: AsyncIterable<Uint8Array>, gunzip?: NiftiReadOptions['gunzip']): AsyncIterable<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  async function* all(): AsyncGenerator<Uint8Array> {
    try {
      yield first.value;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    } finally {
      await it.return?.(); // a reader that stops early (bad header, abort) closes the file too
    }
  }
  const gzip = first.value[0] === 0x1f && first.value[1] === 0x8b;
  if (!gzip) yield* all();
  else if (gunzip) yield* gunzip(all());
  else if (typeof DecompressionStream !== 'undefined') yield* nativeGunzip(all());
  else yield* fflateGunzip(all());
}

async function* nativeGunzip(source: AsyncGenerator<Uint8Array>): AsyncIterable<Uint8Array> {
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(ctrl) {
      const n = await source.next();
      if (n.done) ctrl.close();
      else ctrl.enqueue(n.value as Uint8Array<ArrayBuffer>);
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('gzip')).getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    reader.releaseLock();
  }
}

async function* fflateGunzip(source: AsyncGenerator<Uint8Array>): AsyncIterable<Uint8Array> {
  const out: Uint8Array[] = [];
  const gunzip = new Gunzip((data) => out.push(data));
  for await (const chunk of source) {
    gunzip.push(chunk);
    yield* out.splice(0);
  }
  gunzip.push(new Uint8Array(0), true);
  yield* out.splice(0);
}

/** Consumes the decompressed byte stream: header, gap up to vox_offset, then slice after slice. */
class NiftiAssembler {
  private head = new Uint8Array(0);
  private header?: NIFTI1 | NIFTI2;
  private voxOffset = 0;
  private builder?: VoxelBuilder;
  private sliceBuilder?: SliceBuilder;
  private sliceBytes?: Uint8Array;
  private filled = 0;
  private skip = 0;
  private slice = 0;
  private dims = { rows: 0, cols: 0, slices: 0 };
  private slope = 1;
  private inter = 0;
  private readonly warnings: string[] = [];

  constructor(
    private readonly path: string,
    private readonly opts: NiftiReadOptions,
    /** Keep the whole volume (readNifti) or hand slices out one at a time (streamNifti). */
    private readonly keep: boolean,
  ) {}

  feed(chunk: Uint8Array): void {
    let offset = 0;
    if (!this.header) {
      offset = this.takeHeader(chunk);
      if (!this.header) return;
    }
    if (this.skip > 0) {
      const n = Math.min(this.skip, chunk.length - offset);
      this.skip -= n;
      offset += n;
    }
    while (offset < chunk.length && this.slice < this.dims.slices) {
      const buf = this.sliceBytes!;
      const n = Math.min(buf.length - this.filled, chunk.length - offset);
      buf.set(chunk.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === buf.length) this.flushSlice();
    }
  }

  /** Accumulates bytes until the header (up to vox_offset) is complete; returns bytes consumed. */
  private takeHeader(chunk: Uint8Array): number {
    const before = this.head.length;
    const merged = new Uint8Array(before + chunk.length);
    merged.set(this.head);
    merged.set(chunk, before);
    this.head = merged;
    if (!this.voxOffset) this.voxOffset = this.findVoxOffset();
    if (!this.voxOffset || this.head.length < this.voxOffset) return chunk.length;
    const headerBytes = this.head.slice(0, this.voxOffset);
    this.start(headerBytes);
    const consumed = this.voxOffset - before;
    this.head = new Uint8Array(0);
    return consumed;
  }

  /** vox_offset from the raw header: NIfTI-1 (sizeof_hdr 348) float32 at 108, NIfTI-2 (540) int64 at 168. */
  private findVoxOffset(): number {
    if (this.head.length < 540 && this.head.length < 352) return 0;
    const v = new DataView(this.head.buffer, this.head.byteOffset, this.head.byteLength);
    for (const le of [true, false]) {
      const size = v.getInt32(0, le);
      if (size === 348) return Math.max(352, Math.round(v.getFloat32(108, le)));
      if (size === 540 && this.head.length >= 540) return Math.max(544, Number(v.getBigInt64(168, le)));
    }
    if (this.head.length >= 540) throw new VolumeReadError('not a NIfTI-1 or NIfTI-2 file (sizeof_hdr is neither 348 nor 540)', this.path);
    return 0;
  }

  private start(headerBytes: Uint8Array): void {
    let header: NIFTI1 | NIFTI2;
    try {
      header = readHeader(headerBytes.buffer as ArrayBuffer);
    } catch (err) {
      throw new VolumeReadError(`unreadable NIfTI header (${err instanceof Error ? err.message : String(err)})`, this.path);
    }
    const type = DATATYPES[header.datatypeCode];
    if (!type) throw new VolumeReadError(`unsupported NIfTI datatype code ${header.datatypeCode} (supported: ${Object.values(DATATYPES).map((t) => t.name).join(', ')})`, this.path);
    const [ndim, cols, rows = 1, slices = 1] = header.dims;
    if (ndim < 2 || cols < 1 || rows < 1 || slices < 1) throw new VolumeReadError(`invalid dimensions ${header.dims.join('×')}`, this.path);
    if (ndim > 3 && header.dims.slice(4, ndim + 1).some((d) => d > 1)) this.warnings.push(`4-D NIfTI (${header.dims.slice(1, ndim + 1).join('×')}): only the first volume is read`);
    if (header.qform_code > 0 || header.sform_code > 0) {
      this.warnings.push(`orientation (${header.sform_code > 0 ? 'sform' : 'qform'}) not applied: slices are shown in file order (k), rows = j, columns = i`);
    }
    this.header = header;
    this.dims = { rows: ndim >= 2 ? rows : 1, cols, slices: ndim >= 3 ? slices : 1 };
    const slope = header.scl_slope;
    if (Number.isFinite(slope) && slope !== 0) {
      this.slope = slope;
      this.inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
    }
    // NIfTI-2 dimensions are 64-bit: check the size against the budget (VoxelBuilder) before any
    // buffer is made, so a huge header is named as such, not as "Invalid typed array length".
    const voxels = this.dims.rows * this.dims.cols * this.dims.slices;
    if (!Number.isSafeInteger(voxels)) throw new VolumeReadError(`dimensions ${this.dims.cols}×${this.dims.rows}×${this.dims.slices} are too large to read`, this.path);
    if (this.keep) this.builder = new VoxelBuilder({ ...this.dims, source: this.path, memoryBudgetBytes: this.opts.memoryBudgetBytes });
    else this.sliceBuilder = new SliceBuilder(this.dims.rows * this.dims.cols);
    this.sliceBytes = new Uint8Array(this.dims.rows * this.dims.cols * type.bytes);
    this.skip = Math.max(0, Math.round(header.vox_offset) - headerBytes.length);
  }

  private scratch?: Float64Array;

  private flushSlice(): void {
    const header = this.header!;
    const type = DATATYPES[header.datatypeCode];
    const bytes = this.sliceBytes!;
    const n = this.dims.rows * this.dims.cols;
    let raw: Int16Array | Uint16Array | Float64Array;
    const hostOrder = header.littleEndian === HOST_IS_LITTLE_ENDIAN;
    if (header.datatypeCode === 4 && hostOrder) {
      // Fast path for the common case: int16 in host byte order needs no per-voxel DataView reads.
      raw = new Int16Array(bytes.buffer, bytes.byteOffset, n);
    } else if (header.datatypeCode === 512 && hostOrder) {
      // Likewise uint16 (some CT exports), which the SIMD rescale then takes as well.
      raw = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    } else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      raw = this.scratch ??= new Float64Array(n);
      for (let i = 0; i < n; i++) raw[i] = type.get(view, i * type.bytes, header.littleEndian);
    }
    const integer = INTEGER_CODES.has(header.datatypeCode);
    const values = this.builder ? this.builder.writeSlice(this.slice, raw, this.slope, this.inter, integer) : this.sliceBuilder!.write(this.slice, raw, this.slope, this.inter, integer);
    this.opts.onSlice?.(this.slice, values, this.dims);
    this.slice++;
    this.filled = 0;
    this.opts.onProgress?.(this.slice, this.dims.slices);
  }

  finish(): Volume {
    return { ...this.meta(), voxels: this.builder!.array };
  }

  finishStreamed(): StreamedVolume {
    const meta = this.meta();
    const { storage, promotedAt } = this.sliceBuilder!;
    return { meta, storage, ...(promotedAt ? { promotedAt } : {}) };
  }

  /** The volume's description once every slice is in; throws naming what is missing. */
  private meta(): VolumeMeta {
    if (!this.header || !(this.builder ?? this.sliceBuilder)) throw new VolumeReadError('truncated: the NIfTI header is incomplete', this.path);
    const { rows, cols, slices } = this.dims;
    if (this.slice < slices) throw new VolumeReadError(`truncated: ${slices} slices of ${cols}×${rows} expected, ${this.slice} complete`, this.path);
    const px = this.header.pixDims;
    const spacing: [number, number, number] = [1, 2, 3].map((i) => (Math.abs(px[i]) > 0 ? Math.abs(px[i]) : 1)) as [number, number, number];
    return {
      id: this.path,
      name: baseName(this.path),
      format: 'nifti',
      rows,
      cols,
      slices,
      spacing,
      modality: 'CT',
      sources: Array.from({ length: slices }, () => ({ file: this.path })),
      warnings: this.warnings,
    };
  }
}
