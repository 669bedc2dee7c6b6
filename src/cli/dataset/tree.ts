/**
 * The volumes of a dataset tree, in a stable order: core's discovery over every file under the
 * root (DICOM series at any depth grouped by series, NIfTI files, .npy files, PNG slice folders
 * with the reference pipeline's `<patient>_<n>_<i>` naming), sorted by key in natural order. The
 * list is plain data (paths relative to the root) so it can go to worker threads and to disk.
 */
import { join } from 'node:path';
import { discoverVolumes, naturalCompare, type DiscoveredVolume, type SkippedFile } from '../../core/volume';
import { collectInputFiles, nodeInputFile } from '../io';

export interface TreeVolume {
  key: string;
  format: DiscoveredVolume['format'];
  /** Relative to the root, '/'-separated. */
  files: { path: string; size: number }[];
  bytes: number;
  slices?: number;
  rows?: number;
  cols?: number;
  seriesInstanceUID?: string;
}

export interface DatasetTree {
  root: string;
  volumes: TreeVolume[];
  skipped: SkippedFile[];
}

export async function discoverTree(root: string): Promise<DatasetTree> {
  const files = await collectInputFiles(root);
  const found = await discoverVolumes(files);
  const volumes = found.volumes
    .map(({ key, format, files: fs, bytes, slices, rows, cols, seriesInstanceUID }): TreeVolume => ({
      key, format, files: fs.map((f) => ({ path: f.path, size: f.size })), bytes, slices, rows, cols, seriesInstanceUID,
    }))
    .sort((a, b) => naturalCompare(a.key, b.key));
  return { root, volumes, skipped: found.skipped };
}

/** Back to core's DiscoveredVolume, with files that read from disk lazily. */
export function toDiscovered(root: string, v: TreeVolume): DiscoveredVolume {
  return { ...v, files: v.files.map((f) => nodeInputFile(join(root, f.path), f.path, f.size)) };
}

/** What a manifest calls the volume's source: the file (NIfTI, npy), the group key (PNG), the series' folder (DICOM). */
export function sourceOf(v: TreeVolume): string {
  if (v.format !== 'dicom') return v.format === 'png' ? v.key : v.files[0].path;
  const dirs = [...new Set(v.files.map((f) => f.path.split('/').slice(0, -1).join('/') || '.'))];
  return dirs.length === 1 ? dirs[0] : dirs.join(', ');
}
