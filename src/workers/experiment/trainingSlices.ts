/**
 * The 8-bit slices an arm trains on: each transferred volume made 8-bit as the explorer does
 * (core toUint8Stack: per-slice min/max, PNG as is), only its kept slices, and — when volumes
 * differ in size — every slice resized (bilinear, rounded) to the first volume's rows × cols, as
 * TrainingSlices needs one size.
 */
import { resizeBilinear } from '../../core/eval';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import type { TrainingSlices } from '../../core/ssl';
import type { Volume } from '../../core/volume/types';
import { voxelsFromBuffer, type TransferredVolume } from '../similarityJob';

export function toVolume(t: TransferredVolume): Volume {
  return {
    id: t.id, name: t.name, format: t.dtype === 'uint8' ? 'png' : 'synthetic', rows: t.rows, cols: t.cols, slices: t.slices,
    spacing: t.spacing, modality: 'CT', sources: [], warnings: [], voxels: voxelsFromBuffer(t.dtype, t.voxels),
  };
}

function toSize(pixels: Uint8Array, rows: number, cols: number, outRows: number, outCols: number): Uint8Array {
  if (rows === outRows && cols === outCols) return pixels;
  const f = resizeBilinear(pixels, rows, cols, outRows, outCols);
  const out = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(f[i])));
  return out;
}

export function trainingSlices(volumes: (TransferredVolume & { kept: number[] })[]): TrainingSlices {
  if (volumes.length === 0) throw new Error('pre-training needs at least one volume');
  const { rows, cols } = volumes[0];
  const slices: Uint8Array[] = [];
  const ids: string[] = [];
  for (const t of volumes) {
    const stack = toUint8Stack(toVolume(t));
    const len = stack.rows * stack.cols;
    for (const k of t.kept) {
      if (!Number.isInteger(k) || k < 0 || k >= stack.n) throw new RangeError(`${t.name}: kept slice ${k} is outside 0..${stack.n - 1}`);
      slices.push(toSize(stack.pixels.subarray(k * len, (k + 1) * len), stack.rows, stack.cols, rows, cols));
      ids.push(`${t.name}#${k}`);
    }
  }
  if (slices.length === 0) throw new Error('the arm keeps no slices');
  return { count: slices.length, rows, cols, slice: (i) => slices[i], ids };
}
