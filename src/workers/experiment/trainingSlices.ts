/**
 * The 8-bit slices an arm trains on: each transferred volume made 8-bit as the explorer does
 * (core toUint8Stack: per-slice min/max, PNG as is), only its kept slices, and — when volumes
 * differ in size — every slice resized (bilinear, rounded) to the first volume's rows × cols, as
 * TrainingSlices needs one size (core/ssl's trainingSlices, which the CLI's pretrain uses too).
 */
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { trainingSlices as coreTrainingSlices } from '../../core/ssl/data';
import type { TrainingSlices } from '../../core/ssl';
import type { Volume } from '../../core/volume/types';
import { voxelsFromBuffer, type TransferredVolume } from '../similarityJob';

export function toVolume(t: TransferredVolume): Volume {
  return {
    id: t.id, name: t.name, format: t.dtype === 'uint8' ? 'png' : 'synthetic', rows: t.rows, cols: t.cols, slices: t.slices,
    spacing: t.spacing, modality: 'CT', sources: [], warnings: [], voxels: voxelsFromBuffer(t.dtype, t.voxels),
  };
}

/** Each volume made 8-bit, its kept slices, resized to the first volume's size (core/ssl trainingSlices). */
export function trainingSlices(volumes: (TransferredVolume & { kept: number[] })[]): TrainingSlices {
  if (volumes.length === 0) throw new Error('pre-training needs at least one volume');
  return coreTrainingSlices(volumes.map((t) => ({ id: t.name, stack: toUint8Stack(toVolume(t)), kept: t.kept })));
}
