/**
 * Test-only readers for the golden reference volume (Node): the int16 .npy (a minimal numpy v1/v2
 * parser, C order, little-endian int16 only) and the 8-bit PNG slices (fast-png). The volume
 * readers in src/core/volume are written in parallel; these keep the similarity tests independent.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import type { SliceStack } from '../../volume/types';
import { referenceNpyPath, referencePngDir } from '../../testing/referenceFixture';

export interface NpyInt16 {
  shape: number[];
  data: Int16Array;
}

/** Parse a numpy .npy file holding a C-ordered little-endian int16 array. */
export function parseNpyInt16(bytes: Uint8Array, name = 'array.npy'): NpyInt16 {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error(`${name}: not a .npy file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLen));
  if (!/'descr':\s*'<i2'/.test(header) || /'fortran_order':\s*True/.test(header)) {
    throw new Error(`${name}: expected a C-ordered little-endian int16 array, header ${header.trim()}`);
  }
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) throw new Error(`${name}: no shape in header ${header.trim()}`);
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const dataStart = headerStart + headerLen;
  const data = new Int16Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getInt16(dataStart + 2 * i, true);
  return { shape, data };
}

/** The golden int16 volume, shape [slices, rows, cols]. */
export function readReferenceNpy(): NpyInt16 {
  const path = referenceNpyPath();
  return parseNpyInt16(new Uint8Array(readFileSync(path)), path);
}

/** The golden 8-bit PNG slices (file-name order) as one SliceStack. */
export function readReferencePngStack(): SliceStack {
  const dir = referencePngDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
  let rows = 0;
  let cols = 0;
  const slices = files.map((f) => {
    const png = decode(readFileSync(join(dir, f)));
    if (png.channels !== 1 || png.depth !== 8) throw new Error(`${f}: expected 8-bit grey PNG, got ${png.channels} channels of ${png.depth} bits`);
    rows = png.height;
    cols = png.width;
    return png.data as Uint8Array;
  });
  const pixels = new Uint8Array(slices.length * rows * cols);
  slices.forEach((s, k) => pixels.set(s, k * rows * cols));
  return { n: slices.length, rows, cols, pixels };
}
