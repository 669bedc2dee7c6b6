/**
 * Which reader a file goes to, decided by name (no bytes read): .nii/.nii.gz → NIfTI, .npy → npy,
 * .mha/.mhd → MetaImage, .nrrd/.nhdr → NRRD (a detached header's data file, e.g. .raw, is claimed by
 * its header at discovery), .png → PNG slices, known non-image files → ignored, everything else → DICOM candidate (DICOM
 * files often have no extension; the DICOM reader checks the "DICM" magic and skips the rest).
 */
import type { InputFile } from './input';
import { baseName } from './input';

export type InputFormat = 'dicom' | 'nifti' | 'metaimage' | 'nrrd' | 'png' | 'npy' | 'ignored';

const IGNORED = /\.(txt|md|json|csv|xml|html?|pdf|ini|log|zip|tar|gz|jpe?g|bmp|gif|tiff?|hdr|img|raw|zraw|py|js|ts)$/i;

export function fileFormat(path: string): InputFormat {
  const name = baseName(path);
  if (/\.nii(\.gz)?$/i.test(name)) return 'nifti';
  if (/\.npy$/i.test(name)) return 'npy';
  if (/\.(mha|mhd)$/i.test(name)) return 'metaimage';
  if (/\.(nrrd|nhdr)$/i.test(name)) return 'nrrd';
  if (/\.png$/i.test(name)) return 'png';
  if (name.startsWith('.') || IGNORED.test(name) || /^(DICOMDIR|LOCKFILE|VERSION)$/i.test(name)) return 'ignored';
  return 'dicom';
}

/** The main format of a set of files (the one most files have), or undefined for none. */
export function detectFormat(files: Pick<InputFile, 'path'>[]): Exclude<InputFormat, 'ignored'> | undefined {
  const counts = new Map<InputFormat, number>();
  for (const f of files) counts.set(fileFormat(f.path), (counts.get(fileFormat(f.path)) ?? 0) + 1);
  counts.delete('ignored');
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  return best?.[0] as Exclude<InputFormat, 'ignored'> | undefined;
}
