/**
 * Module-level registry of decoded volumes, keyed by volume id.
 *
 * Voxel buffers are large and not serialisable, so they live here and never in the zustand store
 * (the store holds ids and small metadata only). The Cornerstone image loader, the compute client
 * and the export code all read voxels from this one place.
 */
import type { Volume, VolumeMeta } from '../../core/volume/types';

const volumes = new Map<string, Volume>();

/** Adds (or replaces) a volume. Returns its id. */
export function registerVolume(volume: Volume): string {
  volumes.set(volume.id, volume);
  return volume.id;
}

/** The volume with this id; throws a message naming the id when it is unknown. */
export function getVolume(id: string): Volume {
  const volume = volumes.get(id);
  if (!volume) throw new Error(`volume "${id}" is not loaded`);
  return volume;
}

export function hasVolume(id: string): boolean {
  return volumes.has(id);
}

export function removeVolume(id: string): void {
  volumes.delete(id);
}

/** Everything about a volume except its voxels (safe to put in the store). */
export function volumeMeta(volume: Volume): VolumeMeta {
  const { voxels: _voxels, ...meta } = volume;
  return meta;
}
