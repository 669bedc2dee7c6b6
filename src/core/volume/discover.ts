/**
 * Streaming reads, in two steps (issue 10 item 6):
 *   discoverVolumes — cheap: which volumes the files hold (one per NIfTI / MetaImage / NRRD / .npy file, PNG group and
 *                     DICOM series), their files, byte sizes and, where known without decoding,
 *                     slice counts and sizes (DICOM: headers only, pixel data is not touched);
 *   loadVolume      — one volume's voxels, read from its own files only.
 * A caller that loads volume after volume and lets each go holds one volume's voxels at a time.
 */
import type { StreamedVolume, Volume } from './types';
import { DEFAULT_VOLUME_BUDGET_BYTES, VolumeReadError, type InputFile, type ReadOptions, type SkippedFile } from './input';
import { throwIfAborted } from '../runtime/abort';
import { fileFormat, type InputFormat } from './detect';
import { readNifti, streamNifti, type NiftiStreamOptions } from './nifti';
import { readNpy } from './npy';
import { groupPngFiles, readPngGroup } from './png';
import { readDicomFiles, scanDicomSeries, streamDicomSeries } from './dicom/readDicom';
import { naturalCompare } from './naturalSort';
import { readHeaderVolume, scanHeaderFiles } from './headerVolume';

export type VolumeFormatFound = Exclude<InputFormat, 'ignored'>;

export interface DiscoveredVolume {
  /** Stable, unique within the input: the file path (NIfTI, npy), the PNG group key, or `dicom:<SeriesInstanceUID>`. */
  key: string;
  format: VolumeFormatFound;
  files: InputFile[];
  /** Sum of the files' sizes. */
  bytes: number;
  /** Known without decoding: DICOM frames, PNG files. */
  slices?: number;
  rows?: number;
  cols?: number;
  seriesInstanceUID?: string;
  modality?: string;
  /** DICOM SeriesDescription (0008,103E), when the series has one. */
  description?: string;
}

export interface Discovery {
  /** NIfTI files, then .npy files, PNG groups and DICOM series (readVolumes' order). */
  volumes: DiscoveredVolume[];
  /** Files no reader takes, and DICOM files whose header is unusable. */
  skipped: SkippedFile[];
}

const bytesOf = (files: InputFile[]): number => files.reduce((sum, f) => sum + f.size, 0);

/** Files by reader, in natural path order; the ones no reader takes go to `skipped` with the reason. */
export function classifyFiles(files: InputFile[]): { by: Record<VolumeFormatFound, InputFile[]>; skipped: SkippedFile[] } {
  const sorted = [...files].sort((a, b) => naturalCompare(a.path, b.path));
  const by: Record<VolumeFormatFound, InputFile[]> = { nifti: [], metaimage: [], nrrd: [], npy: [], png: [], dicom: [] };
  const skipped: SkippedFile[] = [];
  for (const f of sorted) {
    const format = fileFormat(f.path);
    if (format === 'ignored') skipped.push({ path: f.path, reason: ignoredReason(f.path) });
    else by[format].push(f);
  }
  return { by, skipped };
}

export async function discoverVolumes(files: InputFile[], opts: Pick<ReadOptions, 'signal' | 'onProgress'> = {}): Promise<Discovery> {
  const { by, skipped } = classifyFiles(files);
  const single = (format: 'nifti' | 'npy') => (f: InputFile): DiscoveredVolume => ({ key: f.path, format, files: [f], bytes: f.size });
  const volumes: DiscoveredVolume[] = by.nifti.map(single('nifti'));
  for (const format of ['metaimage', 'nrrd'] as const) {
    for (const e of await scanHeaderFiles(by[format], files, skipped)) {
      const fs = e.dataFile ? [e.header, e.dataFile] : [e.header];
      volumes.push({ key: e.header.path, format, files: fs, bytes: bytesOf(fs), slices: e.slices, rows: e.rows, cols: e.cols });
    }
  }
  volumes.push(...by.npy.map(single('npy')));
  for (const g of groupPngFiles(by.png)) volumes.push({ key: g.key, format: 'png', files: g.files, bytes: bytesOf(g.files), slices: g.files.length });
  throwIfAborted(opts.signal, 'reading');
  if (by.dicom.length) {
    const progress = opts.onProgress && ((done: number, total: number) => opts.onProgress?.(done, total / 2));
    for (const s of await scanDicomSeries(by.dicom, { signal: opts.signal, onProgress: progress }, skipped)) {
      const { seriesInstanceUID: uid, slices, rows, cols, modality, description } = s.summary;
      volumes.push({ key: `dicom:${uid}`, format: 'dicom', files: s.files, bytes: bytesOf(s.files), slices, rows, cols, seriesInstanceUID: uid, modality, ...(description ? { description } : {}) });
    }
  }
  return { volumes, skipped };
}

export interface LoadedVolume {
  volume: Volume;
  /** Files of this volume that were not used (odd slice sizes, corrupt slices), with the reason. */
  skipped: SkippedFile[];
}

/** The voxels of one discovered volume; throws a VolumeReadError naming the file and the problem. */
export async function loadVolume(entry: DiscoveredVolume, opts: ReadOptions = {}): Promise<LoadedVolume> {
  const o = { ...opts, memoryBudgetBytes: opts.memoryBudgetBytes ?? DEFAULT_VOLUME_BUDGET_BYTES };
  const skipped: SkippedFile[] = [];
  throwIfAborted(o.signal, 'reading');
  if (entry.format === 'nifti') return { volume: await readNifti(entry.files[0], o), skipped };
  if (entry.format === 'metaimage' || entry.format === 'nrrd') return { volume: (await readHeaderVolume(entry.files[0], entry.files, o.memoryBudgetBytes)).volume, skipped };
  if (entry.format === 'npy') return { volume: readNpy(await entry.files[0].read(), entry.files[0].path), skipped };
  if (entry.format === 'png') {
    const volume = await readPngGroup({ key: entry.key, files: entry.files }, o, skipped);
    if (!volume) throw new VolumeReadError(`no usable PNG slice in ${entry.key}: ${skipped.slice(0, 3).map((s) => s.reason).join('; ')}`, entry.key);
    return { volume, skipped };
  }
  const { volumes } = await readDicomFiles(entry.files, { ...o, seriesUID: entry.seriesInstanceUID }, skipped);
  return { volume: volumes[0], skipped };
}

/**
 * A discovered volume's slices one at a time, none kept (NIfTI: streamNifti; a DICOM series:
 * streamDicomSeries), for work that needs each slice once; undefined for formats that are not read
 * that way (PNG, .npy: use loadVolume). `onSlice` gets views valid only during the call. Files of a
 * DICOM series that could not be used are in `skipped`.
 */
export async function streamVolume(entry: DiscoveredVolume, opts: NiftiStreamOptions): Promise<StreamedVolume | undefined> {
  throwIfAborted(opts.signal, 'reading');
  if (entry.format === 'nifti') return streamNifti(entry.files[0], opts);
  if (entry.format !== 'dicom' || !entry.seriesInstanceUID) return undefined;
  return streamDicomSeries(entry.files, { ...opts, seriesUID: entry.seriesInstanceUID }, []);
}

/**
 * The one volume a user's input holds, streamed (streamVolume) — a NIfTI file, or DICOM files of
 * one series (`seriesUID`, else the only one) — or undefined when the input is anything else
 * (several volumes, other formats, files no reader takes): loadVolume / readVolumes then read it
 * and say what they find. Files of the series that could not be used are in `skipped`.
 */
export async function streamOneVolume(files: InputFile[], opts: NiftiStreamOptions & { seriesUID?: string }): Promise<StreamedVolume | undefined> {
  const { by, skipped } = classifyFiles(files);
  if (skipped.length || by.npy.length || by.png.length || by.metaimage.length || by.nrrd.length) return undefined;
  if (by.nifti.length === 1 && !by.dicom.length) return streamNifti(by.nifti[0], opts);
  if (by.nifti.length || !by.dicom.length) return undefined;
  throwIfAborted(opts.signal, 'reading');
  return streamDicomSeries(by.dicom, opts, []);
}

export function ignoredReason(path: string): string {
  if (/\.(hdr|img)$/i.test(path)) return `${path}: Analyze/NIfTI .hdr/.img pairs are not supported; convert to a single .nii or .nii.gz`;
  return `${path}: unsupported format (not a DICOM, NIfTI (.nii, .nii.gz), MetaImage (.mha, .mhd), NRRD (.nrrd, .nhdr), PNG or .npy file); ignored`;
}
