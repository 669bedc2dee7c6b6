/**
 * Cornerstone image ids for ctsieve's own decoded volumes: `ctsieve:<volumeId>?slice=N`.
 * The volume id is URI-encoded so any id survives the round trip.
 */
export const CTSIEVE_SCHEME = 'ctsieve';

export function sliceImageId(volumeId: string, slice: number): string {
  return `${CTSIEVE_SCHEME}:${encodeURIComponent(volumeId)}?slice=${slice}`;
}

/** All image ids of a volume, in slice order. */
export function stackImageIds(volumeId: string, slices: number): string[] {
  return Array.from({ length: slices }, (_, k) => sliceImageId(volumeId, k));
}

/** Parses an id made by sliceImageId; returns undefined for other schemes or malformed ids. */
export function parseSliceImageId(imageId: string): { volumeId: string; slice: number } | undefined {
  const match = /^ctsieve:([^?]*)\?slice=(\d+)$/.exec(imageId);
  if (!match) return undefined;
  return { volumeId: decodeURIComponent(match[1]), slice: Number(match[2]) };
}
