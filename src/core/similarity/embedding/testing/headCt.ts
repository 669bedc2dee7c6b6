/**
 * Test-only (Node): the bundled real head CT (public/samples/head-ct.nii.gz) as 8-bit slices,
 * read with nifti-reader-js + fflate and converted with the per-slice min/max rule of DESIGN.md.
 * Kept here so the DeepNet tests do not wait for the volume readers being written in parallel.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import * as nifti from 'nifti-reader-js';
import { toUint8Slice } from '../../../preprocess/toUint8';
import type { SliceStack } from '../../types';

export const HEAD_CT_PATH = fileURLToPath(new URL('../../../../../public/samples/head-ct.nii.gz', import.meta.url));

interface Int16Volume {
  rows: number;
  cols: number;
  slices: number;
  voxels: Int16Array;
}

/** The int16 voxels of head-ct.nii.gz, slice-major (k, row = NIfTI j, col = NIfTI i). */
export function readHeadCt(path = HEAD_CT_PATH): Int16Volume {
  const raw = new Uint8Array(readFileSync(path));
  const bytes = gunzipSync(raw);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const header = nifti.readHeader(buffer);
  if (!header) throw new Error(`${path}: not a NIfTI file`);
  if (header.datatypeCode !== nifti.NIFTI1.TYPE_INT16) throw new Error(`${path}: expected int16 voxels, datatype ${header.datatypeCode}`);
  const [, cols, rows, slices] = header.dims;
  const voxels = new Int16Array(nifti.readImage(header, buffer));
  return { rows, cols, slices, voxels };
}

/** Chosen slices of the head CT as an 8-bit SliceStack (per-slice min/max, round half to even). */
export function headCtStack(indices: number[], path = HEAD_CT_PATH): SliceStack {
  const vol = readHeadCt(path);
  const len = vol.rows * vol.cols;
  const pixels = new Uint8Array(indices.length * len);
  indices.forEach((k, i) => {
    if (k < 0 || k >= vol.slices) throw new RangeError(`${path}: slice ${k} outside 0..${vol.slices - 1}`);
    toUint8Slice(vol.voxels.subarray(k * len, (k + 1) * len), pixels.subarray(i * len, (i + 1) * len));
  });
  return { n: indices.length, rows: vol.rows, cols: vol.cols, pixels };
}
