/**
 * What MetaImage (./metaImage.ts) and NRRD (./nrrd.ts) have in common: a plain-text header that
 * describes a raw voxel block (in the same file, or in a data file beside it), plain or compressed.
 * This module turns such a description plus the bytes into a Volume.
 *
 * Geometry, as for NIfTI: the first axis varies fastest, so voxel (x, y, z) → slice z, row y,
 * column x, in the file's own order (no resampling, no flips); a direction/transform that is not
 * the identity is named in a warning, not applied. Values are `raw * slope + intercept` (identity
 * unless the header says otherwise), stored as int16 when every value fits, else float32
 * (VoxelBuilder: the same rule as every reader, so the voxels equal the NIfTI they were written from).
 */
import { gunzipSync, unzlibSync } from 'fflate';
import type { Volume, VolumeFormat } from './types';
import { VolumeReadError, baseName, dirName, type InputFile } from './input';
import { VoxelBuilder } from './voxelBuilder';

export type RawType = 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const TYPES: Record<RawType, { bytes: number; get: (v: DataView, o: number, le: boolean) => number; integer: boolean }> = {
  uint8: { bytes: 1, get: (v, o) => v.getUint8(o), integer: true },
  int8: { bytes: 1, get: (v, o) => v.getInt8(o), integer: true },
  int16: { bytes: 2, get: (v, o, le) => v.getInt16(o, le), integer: true },
  uint16: { bytes: 2, get: (v, o, le) => v.getUint16(o, le), integer: true },
  int32: { bytes: 4, get: (v, o, le) => v.getInt32(o, le), integer: true },
  uint32: { bytes: 4, get: (v, o, le) => v.getUint32(o, le), integer: true },
  float32: { bytes: 4, get: (v, o, le) => v.getFloat32(o, le), integer: false },
  float64: { bytes: 8, get: (v, o, le) => v.getFloat64(o, le), integer: false },
};

export interface RawImageHeader {
  format: Extract<VolumeFormat, 'metaimage' | 'nrrd'>;
  /** [x (columns), y (rows), z (slices)]. */
  sizes: [number, number, number];
  type: RawType;
  littleEndian: boolean;
  /** mm per axis, [x, y, z]. */
  spacing: [number, number, number];
  /** raw: as stored; gzip: an RFC 1952 stream; zlib: an RFC 1950 stream (MetaImage CompressedData); text: numbers in ASCII. */
  encoding: 'raw' | 'gzip' | 'zlib' | 'text';
  /** undefined: the data follows the header in the same file; else a file name relative to the header's folder. */
  dataFile?: string;
  /** Bytes of the header in the same file (where attached data starts). */
  headerBytes: number;
  /** Bytes to skip at the start of the (decompressed) data; -1: the data is the last bytes of it. */
  byteSkip: number;
  /** Text lines to skip at the start of a detached data file (NRRD `line skip`). */
  lineSkip: number;
  slope?: number;
  intercept?: number;
  warnings: string[];
}

/** The raw voxel block of a volume: the data file's bytes, decompressed, skips applied. */
function voxelBytes(h: RawImageHeader, fileBytes: Uint8Array, path: string): Uint8Array {
  let data = h.dataFile === undefined ? fileBytes.subarray(h.headerBytes) : fileBytes;
  for (let i = 0; i < h.lineSkip; i++) {
    const nl = data.indexOf(0x0a);
    if (nl < 0) throw new VolumeReadError(`line skip ${h.lineSkip}: the data has fewer lines`, path);
    data = data.subarray(nl + 1);
  }
  if (h.encoding === 'gzip' || h.encoding === 'zlib') {
    try {
      data = h.encoding === 'gzip' ? gunzipSync(data) : unzlibSync(data);
    } catch (err) {
      throw new VolumeReadError(`corrupt or truncated ${h.encoding} data (${err instanceof Error ? err.message : String(err)})`, path);
    }
  }
  const need = h.sizes[0] * h.sizes[1] * h.sizes[2] * TYPES[h.type].bytes;
  if (h.encoding !== 'text') {
    if (h.byteSkip < 0) data = data.subarray(Math.max(0, data.length - need));
    else data = data.subarray(h.byteSkip);
    if (data.length < need) throw new VolumeReadError(`truncated: ${need} bytes of ${h.sizes.join('×')} ${h.type} voxels expected, ${data.length} found`, path);
  }
  return data;
}

/** ASCII-encoded values (NRRD `encoding: text`), whitespace or comma separated. */
function textValues(data: Uint8Array, count: number, path: string): Float64Array {
  const parts = new TextDecoder('latin1').decode(data).split(/[\s,]+/).filter(Boolean);
  if (parts.length < count) throw new VolumeReadError(`truncated: ${count} text values expected, ${parts.length} found`, path);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Number(parts[i]);
    if (Number.isNaN(out[i])) throw new VolumeReadError(`'${parts[i]}' in the text data is not a number`, path);
  }
  return out;
}

/**
 * The Volume a header describes, from the bytes of the file holding its data (`dataPath`, named in
 * data errors); the volume is named after the header (`headerPath`).
 */
export function decodeRawImage(h: RawImageHeader, fileBytes: Uint8Array, paths: { headerPath: string; dataPath: string }, memoryBudgetBytes: number): Volume {
  const [cols, rows, slices] = h.sizes;
  const type = TYPES[h.type];
  const path = paths.headerPath;
  const data = voxelBytes(h, fileBytes, paths.dataPath);
  const sliceLen = rows * cols;
  const builder = new VoxelBuilder({ rows, cols, slices, source: path, memoryBudgetBytes });
  const text = h.encoding === 'text' ? textValues(data, sliceLen * slices, paths.dataPath) : undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const raw = new Float64Array(sliceLen);
  for (let k = 0; k < slices; k++) {
    if (text) raw.set(text.subarray(k * sliceLen, (k + 1) * sliceLen));
    else for (let i = 0, o = k * sliceLen * type.bytes; i < sliceLen; i++, o += type.bytes) raw[i] = type.get(view, o, h.littleEndian);
    builder.writeSlice(k, raw, h.slope ?? 1, h.intercept ?? 0, type.integer);
  }
  return {
    id: path,
    name: baseName(path),
    format: h.format,
    rows,
    cols,
    slices,
    spacing: h.spacing,
    modality: 'CT',
    sources: Array.from({ length: slices }, () => ({ file: paths.dataPath })),
    warnings: h.warnings,
    voxels: builder.array,
  };
}

/** `name` relative to the folder of `headerPath`, '/'-separated, with `.` and `..` resolved. */
export function siblingPath(headerPath: string, name: string): string {
  const parts = [...(dirName(headerPath) ? dirName(headerPath).split(/[\\/]/) : []), ...name.split(/[\\/]/)];
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/**
 * The detached data file of a header: among the files the user gave (same folder), else asked of
 * the header file itself (the CLI's files can open a neighbour); throws naming both when absent.
 */
export async function findDataFile(header: InputFile, name: string, files: readonly InputFile[]): Promise<InputFile> {
  const want = siblingPath(header.path, name);
  const found = files.find((f) => f.path.replace(/\\/g, '/') === want) ?? (await header.sibling?.(name));
  if (!found) throw new VolumeReadError(`its data file '${name}' was not found beside it (give both files, or their folder)`, header.path);
  return found;
}
