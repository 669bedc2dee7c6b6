/**
 * The Volume model shared by every reader, the similarity engine, the CLI and the app.
 *
 * Voxels are stored slice-major in one typed array: voxel (slice k, row r, col c) lives at
 * `k * rows * cols + r * cols + c`. Values are Hounsfield units for CT (after RescaleSlope/Intercept
 * or NIfTI scl_slope/scl_inter); PNG slice folders keep their 8-bit pixel values.
 */

import type { SkippedFile } from './input';

/** Storage type of a volume's voxels. int16 for CT in HU; float32 when scaling leaves the int16 range. */
export type VoxelArray = Int16Array | Float32Array | Uint8Array;

export type VolumeFormat = 'dicom' | 'nifti' | 'metaimage' | 'nrrd' | 'png' | 'npy' | 'synthetic';

/** Where one slice came from, so manifests can point back at the user's own files. */
export interface SliceSource {
  /** File path or name (relative to the input folder where there is one). */
  file?: string;
  sopInstanceUID?: string;
  instanceNumber?: number;
  /** ImagePositionPatient (DICOM) or the slice origin in world mm, when known. */
  position?: [number, number, number];
}

export interface VolumeMeta {
  /** Stable id within a session (also used in Cornerstone image ids). */
  id: string;
  /** Human-readable name: file or folder name, or the sample's name. */
  name: string;
  format: VolumeFormat;
  rows: number;
  cols: number;
  slices: number;
  /** [column spacing (x), row spacing (y), slice spacing (z)] in mm. */
  spacing: [number, number, number];
  /** DICOM Modality, or 'CT' for NIfTI/npy input that we treat as CT, 'OT' for PNG. */
  modality: string;
  /** One entry per slice, in slice order. */
  sources: SliceSource[];
  /** Non-fatal problems found while reading (skipped files, gantry tilt, missing positions...). */
  warnings: string[];
  /** A display window suggested by the file, if any. */
  window?: { center: number; width: number };
  /**
   * Direction cosines of a row (increasing column) and of a column (increasing row) in patient LPS
   * coordinates: DICOM ImageOrientationPatient, when the series has it. Absent where the file's
   * orientation is not applied (NIfTI, MetaImage, NRRD) or unknown (PNG, .npy).
   */
  orientation?: [number, number, number, number, number, number];
  /** SeriesInstanceUID for DICOM. */
  seriesInstanceUID?: string;
  /** SeriesDescription (0008,103E) and SeriesNumber (0020,0011) for DICOM, when present. */
  seriesDescription?: string;
  seriesNumber?: number;
}

export interface Volume extends VolumeMeta {
  voxels: VoxelArray;
}

/** What a streamed read (core/volume streamVolume) returns: everything about the volume but its voxels, which went to onSlice. */
export interface StreamedVolume {
  meta: VolumeMeta;
  /** What a whole read's voxels would be. */
  storage: 'int16' | 'float32';
  /**
   * Set when storage switched to float32 at this slice (> 0): the slices before it were handed
   * out as int16 (same values), so a digest of the slices as handed out is not voxelSha256.
   */
  promotedAt?: number;
  /** Files of the volume that could not be used (a DICOM series' odd or corrupt files), with the reason. */
  skipped?: SkippedFile[];
}

/** Number of voxels in one slice. */
export function sliceLength(v: Pick<VolumeMeta, 'rows' | 'cols'>): number {
  return v.rows * v.cols;
}

/** A view (no copy) of slice k's voxels. */
export function sliceView<T extends VoxelArray>(v: { voxels: T; rows: number; cols: number; slices: number }, k: number): T {
  if (!Number.isInteger(k) || k < 0 || k >= v.slices) {
    throw new RangeError(`slice index ${k} is outside 0..${v.slices - 1}`);
  }
  const len = v.rows * v.cols;
  return v.voxels.subarray(k * len, (k + 1) * len) as T;
}

/** n 8-bit slices of rows × cols, slice-major (slice k at offset k*rows*cols): what similarity, export and training read. */
export interface SliceStack {
  n: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}
