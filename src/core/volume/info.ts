/** The `ctsieve info --json` object (DESIGN.md contract). */
import type { Volume } from './types';
import { voxelSha256 } from './hash';

export interface VolumeInfo {
  slices: number;
  rows: number;
  cols: number;
  /** [x, y, z] in mm. */
  spacing: [number, number, number];
  /** Smallest, largest and mean voxel value (HU for CT; 0..255 for PNG input). */
  huMin: number;
  huMax: number;
  huMean: number;
  modality: string;
  voxelSha256: string;
}

/** min, max and mean (float64 accumulation) of the voxels. */
export function voxelStats(voxels: ArrayLike<number>): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < voxels.length; i++) {
    const v = voxels[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return voxels.length ? { min, max, mean: sum / voxels.length } : { min: 0, max: 0, mean: 0 };
}

export async function volumeInfo(volume: Volume): Promise<VolumeInfo> {
  const { min, max, mean } = voxelStats(volume.voxels);
  return {
    slices: volume.slices,
    rows: volume.rows,
    cols: volume.cols,
    spacing: volume.spacing,
    huMin: min,
    huMax: max,
    huMean: mean,
    modality: volume.modality,
    voxelSha256: await voxelSha256(volume),
  };
}
