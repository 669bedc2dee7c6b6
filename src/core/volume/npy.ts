/**
 * NumPy .npy (format 1.0–3.0) reader for (slices, rows, cols) volumes: int16, uint8 or float32,
 * either byte order, C order only. The reference fixture is an int16 .npy in HU.
 * Layout: "\x93NUMPY", major, minor, header length (uint16 LE for v1, uint32 LE for v2/3), a Python
 * dict literal `{'descr': '<i2', 'fortran_order': False, 'shape': (64, 128, 128), }`, then the data.
 */
import type { Volume, VoxelArray } from './types';
import { VolumeReadError, baseName } from './input';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

export interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

export function parseNpyHeader(bytes: Uint8Array, name: string): NpyHeader {
  if (!isNpy(bytes)) throw new VolumeReadError('not a .npy file (missing \\x93NUMPY magic)', name);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const text = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new VolumeReadError(`unreadable .npy header: ${text.trim()}`, name);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: start + headerLen };
}

/** Reads a 3-D (or 2-D = one slice) .npy into a Volume; spacing is unknown and set to 1 mm. */
export function readNpy(bytes: Uint8Array, path = 'volume.npy'): Volume {
  const h = parseNpyHeader(bytes, path);
  if (h.fortranOrder) throw new VolumeReadError('Fortran-order .npy arrays are not supported; save with C order', path);
  const shape = h.shape.length === 2 ? [1, ...h.shape] : h.shape;
  if (shape.length !== 3) throw new VolumeReadError(`expected a (slices, rows, cols) array, got shape (${h.shape.join(', ')})`, path);
  const [slices, rows, cols] = shape;
  const voxels = decodeData(bytes, h, slices * rows * cols, path);
  return {
    id: path,
    name: baseName(path),
    format: 'npy',
    rows,
    cols,
    slices,
    spacing: [1, 1, 1],
    modality: voxels instanceof Uint8Array ? 'OT' : 'CT',
    sources: Array.from({ length: slices }, () => ({ file: path })),
    warnings: ['.npy stores no spacing: 1 mm assumed'],
    voxels,
  };
}

function decodeData(bytes: Uint8Array, h: NpyHeader, count: number, path: string): VoxelArray {
  const kind = h.descr.slice(1);
  const little = h.descr[0] !== '>';
  const size = kind === 'u1' || kind === 'b1' ? 1 : kind === 'i2' ? 2 : kind === 'f4' ? 4 : 0;
  if (!size) throw new VolumeReadError(`unsupported .npy dtype '${h.descr}' (int16, uint8 or float32 expected)`, path);
  if (bytes.byteLength < h.dataOffset + count * size) {
    throw new VolumeReadError(`truncated: ${count * size} data bytes expected, ${bytes.byteLength - h.dataOffset} found`, path);
  }
  const data = bytes.subarray(h.dataOffset, h.dataOffset + count * size);
  if (size === 1) return data.slice();
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = size === 2 ? new Int16Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = size === 2 ? view.getInt16(i * 2, little) : view.getFloat32(i * 4, little);
  return out;
}
