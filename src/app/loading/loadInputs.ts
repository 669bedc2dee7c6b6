/**
 * Loading volumes into the app: read with the core readers (the one decode path shared with the
 * worker and the CLI), register voxels, add summaries to the store, hash voxels for the cache,
 * and report every unusable file by name without stopping the app.
 */
import { voxelSha256 } from '../../core/volume';
import type { Volume } from '../../core/volume/types';
import type { ReadSource } from '../../workers/readProtocol';
import { readSourcesInWorker, type SourceReader } from './readClient';
import type { AppState } from '../store';
import type { VolumeSummary } from '../store/volumesSlice';
import { hasVolume, registerVolume, removeVolume } from '../volumes/registry';
import { fetchSampleIndex, sampleFiles } from './samples';

export function summarize(volume: Volume): VolumeSummary {
  const { id, name, format, rows, cols, slices, spacing, modality, warnings, seriesInstanceUID, seriesDescription, seriesNumber } = volume;
  const series = Object.fromEntries(Object.entries({ seriesInstanceUID, seriesDescription, seriesNumber }).filter(([, v]) => v !== undefined));
  return { id, name, format, rows, cols, slices, spacing, modality, warnings, ...series };
}

/** An id not used yet in this session: the reader's id, else with a -2, -3... suffix. */
function uniqueId(wanted: string): string {
  if (!hasVolume(wanted)) return wanted;
  for (let k = 2; ; k++) if (!hasVolume(`${wanted}-${k}`)) return `${wanted}-${k}`;
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Where a read failure came from: the VolumeReadError's file, else the input as a whole. */
function failedFile(err: unknown, files: ReadSource[], label: string): string {
  const file = (err as { file?: string }).file;
  if (file) return file;
  return files.length === 1 ? files[0].path : label;
}

export interface LoadOptions {
  /** Chooses the volume ids (samples use the sample name); default: the reader's ids. */
  idFor?: (v: Volume, k: number) => string;
  /** Adjusts a volume before it is registered (e.g. a sample's display window). */
  adjust?: (v: Volume) => void;
  /** Reads the sources; default: the read worker (tests pass core readVolumes directly). */
  reader?: SourceReader;
}

/**
 * What identifies a batch of inputs without reading it: every file's path, size and modification
 * time (a URL for samples). The same pick or drop again has the same fingerprint.
 */
export function batchFingerprint(files: readonly ReadSource[]): string {
  return files
    .map((f) => (f.kind === 'url' ? `url:${f.url}` : `file:${f.path}:${f.blob.size}:${(f.blob as Partial<File>).lastModified ?? ''}`))
    .sort()
    .join('\n');
}

/** Batches already open: fingerprint → the volume ids they gave. */
const openBatches = new Map<string, string[]>();

/** A closed volume no longer counts as open for its batch. */
export function forgetLoadedVolume(id: string): void {
  for (const [key, ids] of openBatches) if (ids.includes(id)) openBatches.delete(key);
}

/** The open volumes of an identical earlier batch, when all of them are still open. */
function alreadyOpen(store: () => AppState, fingerprint: string): string[] | undefined {
  const ids = openBatches.get(fingerprint);
  const open = new Set(store().volumes.map((v) => v.id));
  return ids && ids.length > 0 && ids.every((id) => open.has(id)) ? ids : undefined;
}

/** "folder holds 2 DICOM series …": opened as separate tabs, said once so nobody takes them for a duplicate. */
function seriesNotice(volumes: Volume[], label: string): { file: string; message: string; kind: 'notice' } | undefined {
  const dicom = volumes.filter((v) => v.format === 'dicom');
  if (dicom.length < 2) return undefined;
  const list = dicom.map((v) => `${v.seriesDescription ?? v.modality}${v.seriesNumber !== undefined ? ` #${v.seriesNumber}` : ''} (${v.slices} slices)`).join(', ');
  return { file: label, message: `holds ${dicom.length} DICOM series, opened as ${dicom.length} tabs: ${list}`, kind: 'notice' };
}

/**
 * Reads `files` as one batch and adds the volumes found. `label` names the batch in the progress
 * bar and in errors. Returns the ids of the volumes added.
 */
export async function loadInputs(store: () => AppState, files: ReadSource[], label: string, opts: LoadOptions = {}): Promise<string[]> {
  const { idFor, adjust, reader = readSourcesInWorker } = opts;
  const s = store();
  if (files.length === 0) {
    s.reportErrors([{ file: label, message: 'the folder is empty (no files to open)' }]);
    return [];
  }
  const fingerprint = batchFingerprint(files);
  const open = alreadyOpen(store, fingerprint);
  if (open) {
    s.setActiveVolume(open[0]);
    s.reportErrors([{ file: label, message: 'is already open; switched to it instead of opening a second copy', kind: 'notice' }]);
    return open;
  }
  s.setLoading({ label, done: 0, total: files.length });
  try {
    const readStart = performance.now();
    const { volumes, skipped } = await reader(files, (done, total) => store().setLoading({ label, done, total }));
    const readSeconds = (performance.now() - readStart) / 1000;
    if (skipped.length > 0) store().reportErrors(skipped.map((k) => ({ file: k.path, message: k.reason })));
    if (volumes.length === 0 && skipped.length === 0) store().reportErrors([{ file: label, message: 'no readable volume found' }]);
    const ids = volumes.map((v, k) => {
      v.id = uniqueId(idFor ? idFor(v, k) : v.id);
      adjust?.(v);
      registerVolume(v);
      return v.id;
    });
    store().addVolumes(volumes.map((v) => ({ ...summarize(v), readSeconds })));
    const notice = seriesNotice(volumes, label);
    if (notice) store().reportErrors([notice]);
    if (ids.length > 0) openBatches.set(fingerprint, ids);
    for (const v of volumes) void hashVolume(store, v);
    return ids;
  } catch (err) {
    store().reportErrors([{ file: failedFile(err, files, label), message: describeError(err) }]);
    return [];
  } finally {
    store().setLoading(null);
  }
}

/**
 * Hashes the voxels (the cache and override key). The same file reached another way (a copy in
 * another folder, dropped after being picked: same name, format and voxels) is not kept twice:
 * the new tab closes and the open one is shown. The same voxels in another format (the head CT as
 * NIfTI and as DICOM) stay apart: their manifests point at different files.
 */
async function hashVolume(store: () => AppState, volume: Volume): Promise<void> {
  try {
    const sha = await voxelSha256(volume);
    const twin = store().volumes.find((v) => v.id !== volume.id && v.voxelSha256 === sha && v.name === volume.name && v.format === volume.format);
    if (twin && store().volumes.some((v) => v.id === volume.id)) {
      store().removeVolume(volume.id);
      removeVolume(volume.id);
      forgetLoadedVolume(volume.id);
      store().setActiveVolume(twin.id);
      store().reportErrors([{ file: volume.name, message: 'is already open (same file, same voxels); showing the open one', kind: 'notice' }]);
      return;
    }
    store().setVolumeHash(volume.id, sha);
  } catch (err) {
    console.warn(`ctsieve: could not hash ${volume.name}:`, err);
  }
}

/** Loads the bundled sample `name` (from public/samples/index.json); the volume id is the name. */
export async function loadSample(store: () => AppState, name: string, reader?: SourceReader): Promise<string[]> {
  if (hasVolume(name)) {
    store().setActiveVolume(name);
    return [name];
  }
  try {
    const samples = await fetchSampleIndex();
    const sample = samples.find((x) => x.name === name);
    if (!sample) {
      store().reportErrors([{ file: `?sample=${name}`, message: `no bundled sample named "${name}" (have: ${samples.map((x) => x.name).join(', ')})` }]);
      return [];
    }
    // The index's display window applies when the file itself suggests none.
    const useIndexWindow = (v: Volume) => {
      if (!v.window && sample.window) v.window = { ...sample.window };
    };
    return await loadInputs(store, sampleFiles(sample), sample.name, { idFor: () => sample.name, adjust: useIndexWindow, reader });
  } catch (err) {
    store().reportErrors([{ file: `samples/${name}`, message: describeError(err) }]);
    return [];
  }
}
