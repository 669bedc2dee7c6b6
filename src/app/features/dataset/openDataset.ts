/**
 * Opening a dataset in the app: a folder of many volumes (discovered with core discoverVolumes,
 * each volume then read and reduced one at a time with the explorer's current settings, so only
 * one volume's voxels are in memory), or a merged dataset manifest (`ctsieve dataset merge`), or a
 * folder holding one. Opening a row loads that volume into the explorer with its kept set.
 */
import { applyManifest, parseManifest, type Manifest } from '../../../core/manifest';
import { manifestParams } from '../../../core/manifest/build';
import { decideSlices, needsScores } from '../../../core/pipeline';
import { discoverVolumes, inputFileFromBlob, voxelSha256, type Volume } from '../../../core/volume';
import type { MethodName } from '../../../core/similarity/types';
import type { ReductionParams } from '../../../core/reduction/types';
import type { ReadSource } from '../../../workers/readProtocol';
import { paramsForSettings } from '../../analysis/decisions';
import { applyImportedManifest } from '../../analysis/importManifest';
import { cacheKey } from '../../compute/cache';
import { computeActive, startSimilarityJob } from '../../compute/runCompute';
import { loadInputs } from '../../loading/loadInputs';
import { readSourcesInWorker } from '../../loading/readClient';
import { appStore } from '../../store';
import { getVolume } from '../../volumes/registry';
import { dicomTitle, methodLabel, rowFromManifestVolume, rowsFromManifest, stripPickedFolder, type DatasetRow } from './datasetModel';
import { datasetSources, useDatasetStore } from './datasetStore';

const app = appStore.getState;
const view = useDatasetStore.getState;
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A merged manifest among the picked .json files (the first that parses as one), else undefined. */
async function findManifest(jsons: ReadSource[]): Promise<Manifest | undefined> {
  for (const s of jsons) {
    if (s.kind !== 'blob') continue;
    try {
      const m = parseManifest(await s.blob.text(), s.path);
      if (m.volumes.length) return m;
    } catch {
      // not a manifest: the discovery lists it as ignored
    }
  }
  return undefined;
}

/** A folder pick (or drop) of many volumes, with or without a merged manifest in it. */
export async function openDatasetFolder(picked: ReadSource[], label: string): Promise<void> {
  const generation = ++datasetSources.generation;
  const paths = stripPickedFolder(picked.map((s) => s.path));
  const sources = picked.map((s, i) => ({ ...s, path: paths[i] }));
  view().reset(label, [], `looking for volumes in ${label}…`);
  const manifest = await findManifest(sources.filter((s) => /\.json$/i.test(s.path)));
  const inputs = sources.flatMap((s) => (s.kind === 'blob' ? [inputFileFromBlob(s.blob, s.path)] : []));
  const found = await discoverVolumes(inputs.filter((f) => !/\.json$/i.test(f.path)));
  if (generation !== datasetSources.generation) return;
  const byPath = new Map(sources.map((s) => [s.path, s]));
  datasetSources.files = new Map(found.volumes.map((v) => [v.key, v.files.map((f) => byPath.get(f.path)!)]));
  datasetSources.manifest = manifest;
  const fromManifest = new Map(manifest?.volumes.map((v) => [v.id, v]) ?? []);
  const rows: DatasetRow[] = found.volumes.map((v) => {
    const mv = fromManifest.get(v.key);
    const title = v.format === 'dicom' ? { title: dicomTitle(v) } : {};
    return mv && manifest ? { ...rowFromManifestVolume(mv, manifest), format: v.format, ...title } : { key: v.key, format: v.format, slices: v.slices, status: 'waiting', ...title };
  });
  const waiting = rows.filter((r) => r.status === 'waiting').length;
  view().reset(label, rows, `${rows.length} volume(s)${manifest ? `, kept sets from the manifest in the folder` : ''}${found.skipped.length ? `; ${found.skipped.length} file(s) not used` : ''}`);
  if (!rows.length) view().setStatus(`no volume found in ${label}`);
  if (waiting) await computeRows(generation);
}

/** A merged dataset manifest on its own: rows from it; a row opens once its folder is opened too. */
export async function openDatasetManifest(file: File): Promise<void> {
  const generation = ++datasetSources.generation;
  try {
    const manifest = parseManifest(await file.text(), file.name);
    if (generation !== datasetSources.generation) return;
    datasetSources.files = new Map();
    datasetSources.manifest = manifest;
    view().reset(file.name, rowsFromManifest(manifest), `${manifest.volumes.length} volume(s) from ${file.name}; open the dataset folder to view a volume`);
  } catch (err) {
    view().reset(file.name, [], message(err));
  }
}

function currentParams(): ReductionParams | undefined {
  const s = app();
  return paramsForSettings({ method: s.method, algorithm: s.algorithm, thresholdMode: s.thresholdMode, threshold: s.thresholds[s.method], keepPercent: s.keepPercent, n: 0 });
}

/** Reads and reduces the waiting rows one at a time, with the explorer's current method and settings. */
async function computeRows(generation: number): Promise<void> {
  const params = currentParams();
  if (!params) return;
  const label = methodLabel({ method: params.method, params: manifestParams(params, { kind: 'minmax' }, 'volume') });
  const keys = view().rows.filter((r) => r.status === 'waiting').map((r) => r.key);
  if (needsScores(params)) await backendSettled();
  for (let i = 0; i < keys.length; i++) {
    if (generation !== datasetSources.generation) return;
    const key = keys[i];
    view().updateRow(key, { status: 'computing', method: label });
    view().setStatus(`reducing ${i + 1}/${keys.length}: ${key} (${label})`);
    try {
      const { volumes } = await readSourcesInWorker(datasetSources.files.get(key) ?? [], () => undefined);
      if (!volumes.length) throw new Error('no readable volume');
      const kept = await keptOf(volumes[0], params);
      view().updateRow(key, { status: 'done', slices: volumes[0].slices, kept, keptPercent: (100 * kept) / volumes[0].slices });
    } catch (err) {
      view().updateRow(key, { status: 'error', message: message(err) });
    }
  }
  if (generation === datasetSources.generation) view().setStatus(`${view().rows.length} volume(s) reduced with ${label}`);
}

/**
 * Resolves once the explorer's start-up probe has settled the compute worker's backend: a compute
 * request sent while tfjs is still switching backends in the worker fails ("Backend 'webgpu' has
 * not yet been initialized"), so the dataset waits for it (at most a minute, then tries anyway).
 */
function backendSettled(): Promise<void> {
  if (app().backend !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, 60_000);
    const unsubscribe = appStore.subscribe((s) => {
      if (s.backend !== null) done();
    });
  });
}

/** Kept count of one volume; scores come from the explorer's cache or its compute worker (and go to the cache). */
async function keptOf(volume: Volume, params: ReductionParams): Promise<number> {
  if (!needsScores(params)) return decideSlices(volume.slices, params).kept.length;
  const method = params.method as MethodName;
  const { client, cache } = app().services.compute;
  const key = cacheKey(await voxelSha256(volume), method);
  const result = (await cache.get(key)) ?? (await startSimilarityJob(client, volume, method, {}, app().backendRequest).promise);
  await cache.put(key, result);
  return decideSlices({ n: result.n, kind: result.kind, matrix: result.matrix }, params).kept.length;
}

/** Loads the row's volume into the explorer; from a manifest, with the manifest's parameters and overrides. */
export async function openRow(key: string): Promise<void> {
  const files = datasetSources.files.get(key);
  if (!files?.length) {
    view().setStatus(`${key}: its files are not open; open the dataset folder (it may hold this manifest) to view it`);
    return;
  }
  const [id] = await loadInputs(app, files, key);
  if (!id) return;
  const mv = datasetSources.manifest?.volumes.find((v) => v.id === key);
  if (mv && datasetSources.manifest) {
    const volume = getVolume(id);
    const sha = await voxelSha256(volume);
    app().setVolumeHash(id, sha);
    const one = { ...datasetSources.manifest, volumes: [mv] };
    applyImportedManifest(app, key, applyManifest(one, [{ id, voxelSha256: sha, n: volume.slices }]));
  }
  view().show(false);
  await computeActive(app);
}
