/**
 * File names of exported slices, as the reference pipeline writes them: `<volume>_<index>.png`
 * (index = 0-based slice index in ctsieve's slice order, not zero-padded).
 */
import type { ManifestVolume } from '../manifest/types';

const KNOWN_EXTENSIONS = /\.(nii\.gz|nii|npy|npz|dcm|png)$/i;

/** A file-system-safe stem for a volume: its name (or id) without a volume file extension. */
export function volumeStem(volume: Pick<ManifestVolume, 'id' | 'name'>): string {
  const raw = (volume.name ?? volume.id).split(/[\\/]/).filter(Boolean).pop() ?? volume.id;
  const stem = raw.replace(KNOWN_EXTENSIONS, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  return stem || 'volume';
}

/** `<stem>_<index>.png`. */
export function slicePngName(stem: string, index: number): string {
  return `${stem}_${index}.png`;
}
