/**
 * Benchmark inputs shared by the similarity benchmarks: the bundled head CT as 8-bit slices and
 * larger stacks made from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'fflate';
import * as nifti from 'nifti-reader-js';
import { toUint8Slice } from '../src/core/preprocess/toUint8';
import { repoRoot } from '../src/core/testing/referenceFixture';
import type { SliceStack } from '../src/core/similarity/types';

/** The bundled head CT as 8-bit slices (minmax conversion), read with nifti-reader-js + fflate. */
export function headCtStack(maxSlices: number): SliceStack | undefined {
  const path = join(repoRoot, 'public/samples/head-ct.nii.gz');
  if (!existsSync(path)) return undefined;
  const raw = gunzipSync(new Uint8Array(readFileSync(path)));
  const buf = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
  const header = nifti.readHeader(buf);
  if (header.datatypeCode !== 4) throw new Error(`${path}: expected int16 voxels (datatype 4), got ${header.datatypeCode}`);
  const [cols, rows, total] = [header.dims[1], header.dims[2], header.dims[3]];
  const voxels = new Int16Array(nifti.readImage(header, buf));
  const n = Math.min(total, maxSlices);
  const len = rows * cols;
  const pixels = new Uint8Array(n * len);
  for (let k = 0; k < n; k++) toUint8Slice(voxels.subarray(k * len, (k + 1) * len), pixels.subarray(k * len, (k + 1) * len));
  return { n, rows, cols, pixels };
}

/** Golden slices upsampled 2× (pixel repeat) when the head CT is not there. */
export function upsampled2x(s: SliceStack): SliceStack {
  const rows = 2 * s.rows, cols = 2 * s.cols;
  const pixels = new Uint8Array(s.n * rows * cols);
  for (let k = 0; k < s.n; k++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) pixels[(k * rows + r) * cols + c] = s.pixels[(k * s.rows + (r >> 1)) * s.cols + (c >> 1)];
    }
  }
  return { n: s.n, rows, cols, pixels };
}

/**
 * A 600×512×512 stack from the head CT: 2× pixel repeat in-plane, slices linearly interpolated
 * along z (a thinner-slice reconstruction of the same anatomy, as the scale test asks).
 */
export function largeStack(head: SliceStack, n: number): SliceStack {
  const up = upsampled2x(head);
  const len = up.rows * up.cols;
  const pixels = new Uint8Array(n * len);
  for (let k = 0; k < n; k++) {
    const z = (k * (head.n - 1)) / (n - 1);
    const k0 = Math.floor(z);
    const k1 = Math.min(head.n - 1, k0 + 1);
    const w = z - k0;
    const a = up.pixels.subarray(k0 * len, (k0 + 1) * len);
    const b = up.pixels.subarray(k1 * len, (k1 + 1) * len);
    const out = pixels.subarray(k * len, (k + 1) * len);
    for (let p = 0; p < len; p++) out[p] = Math.round(a[p] * (1 - w) + b[p] * w);
  }
  return { n, rows: up.rows, cols: up.cols, pixels };
}

/** The first m slices (a view, no copy). */
export function firstSlices(s: SliceStack, m: number): SliceStack {
  const n = Math.min(m, s.n);
  return { n, rows: s.rows, cols: s.cols, pixels: s.pixels.subarray(0, n * s.rows * s.cols) };
}

