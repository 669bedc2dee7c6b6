/**
 * CSV view of a manifest: one row per slice of every volume (RFC 4180: comma separated, CRLF line
 * ends, fields with commas, quotes or line breaks quoted). Patient fields are never written, even
 * when the manifest carries them.
 */
import type { Manifest, ManifestSlice, ManifestVolume } from '../manifest/types';

export const CSV_COLUMNS = [
  'volume_id',
  'volume_name',
  'voxel_sha256',
  'index',
  'kept',
  'reason',
  'file',
  'sop_instance_uid',
  'position_x',
  'position_y',
  'position_z',
  'nearest_kept',
  'nearest_kept_volume',
  'score',
  'override',
] as const;

type Cell = string | number | boolean | undefined;

function csvField(value: Cell): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function row(v: ManifestVolume, s: ManifestSlice): Cell[] {
  return [
    v.id,
    v.name,
    v.voxelSha256,
    s.index,
    s.kept,
    s.reason,
    s.file,
    s.sopInstanceUID,
    s.position?.[0],
    s.position?.[1],
    s.position?.[2],
    s.nearestKept,
    s.nearestKeptVolume,
    s.score,
    s.override,
  ];
}

export function manifestToCsv(m: Manifest): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const v of m.volumes) for (const s of v.slices) lines.push(row(v, s).map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
