/**
 * What a volume tab says. DICOM series read as "<SeriesDescription> #<SeriesNumber>" (a 64-digit
 * SeriesInstanceUID tells a person nothing); without a description, "<modality> series #<n>" or
 * the UID's last digits. NIfTI and PNG volumes keep their file or folder names.
 */
import type { VolumeSummary } from '../store/volumesSlice';

export function volumeLabel(v: VolumeSummary): string {
  if (v.format !== 'dicom') return v.name;
  const number = v.seriesNumber !== undefined ? ` #${v.seriesNumber}` : '';
  if (v.seriesDescription) return `${v.seriesDescription}${number}`;
  if (number) return `${v.modality} series${number}`;
  const uid = v.seriesInstanceUID ?? v.id;
  return `${v.modality} series …${uid.slice(-6)}`;
}

/** The tab's tooltip: the full identity (name, UID) and the size. */
export function volumeTitle(v: VolumeSummary): string {
  const uid = v.seriesInstanceUID && v.seriesInstanceUID !== v.name ? ` (${v.seriesInstanceUID})` : '';
  return `${v.name}${uid}: ${v.cols}×${v.rows}×${v.slices}`;
}
