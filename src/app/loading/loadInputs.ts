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
import { hasVolume, registerVolume } from '../volumes/registry';
import { fetchSampleIndex, sampleFiles } from './samples';

export function summarize(volume: Volume): VolumeSummary {
  const { id, name, format, rows, cols, slices, spacing, modality, warnings } = volume;
  return { id, name, format, rows, cols, slices, spacing, modality, warnings };
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
 * Reads `files` as one batch and adds the volumes found. `label` names the batch in the progress
 * bar and in errors. Returns the ids of the volumes added.
 */
export async function loadInputs(store: () => AppState, files: ReadSource[], label: string, opts: LoadOptions = {}): Promise<string[]> {
  const { idFor, adjust, reader = readSourcesInWorker } = opts;
  const s = store();
  if (files.length === 0) {
    s.reportErrors([{ file: label, message: 'no files to open' }]);
    return [];
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
    for (const v of volumes) void hashVolume(store, v);
    return ids;
  } catch (err) {
    store().reportErrors([{ file: failedFile(err, files, label), message: describeError(err) }]);
    return [];
  } finally {
    store().setLoading(null);
  }
}

async function hashVolume(store: () => AppState, volume: Volume): Promise<void> {
  try {
    store().setVolumeHash(volume.id, await voxelSha256(volume));
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
