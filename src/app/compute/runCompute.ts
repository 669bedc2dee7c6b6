/**
 * Computing the active volume's similarity matrix for the current method: from the cache when
 * this content was computed before (this session or, via IndexedDB, an earlier one), else as a
 * `similarity` job in the compute worker (src/app/jobs, tracked in the store's jobs slice) with
 * progress and cancel. Results go to the results registry; the store gets a small summary.
 */
import { voxelSha256 } from '../../core/volume';
import type { AppState } from '../store';
import { resultKey } from '../store/analysisSlice';
import { needsCompute } from '../store/methods';
import { activeVolume } from '../store/volumesSlice';
import { getVolume } from '../volumes/registry';
import { deepnetCacheParams, userModelRequest } from '../features/deepnet/modelFiles';
import { isAbortError } from '../../core/runtime/abort';
import { voxelDtype, type ComputeParams, type SimilarityJobResult } from '../../workers/similarityJob';
import type { Volume } from '../../core/volume/types';
import type { JobClient, JobHandle } from '../jobs/JobClient';
import { trackJob } from '../jobs/trackJob';
import { cacheKey } from './cache';

/** Settles the compute backend in the worker so the badge can show it before any run. */
export async function probeBackend(store: () => AppState): Promise<void> {
  try {
    const report = await store().services.compute.client.start('backend', { backend: store().backendRequest }).promise;
    store().setBackend(report.label);
  } catch (err) {
    store().setBackend(`unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function keep(store: () => AppState, key: string, volumeId: string, result: SimilarityJobResult, fromCache: boolean): void {
  store().services.results.store(key, { scores: { n: result.n, kind: result.kind, matrix: result.matrix }, hashes: result.hashes, backend: result.backend, params: result.params });
  const readSeconds = store().volumes.find((v) => v.id === volumeId)?.readSeconds;
  const timings = result.timings ? { ...(readSeconds !== undefined ? { readSeconds } : {}), ...result.timings } : undefined;
  store().computeFinished({
    key, volumeId, method: result.method, n: result.n, backend: result.backend, backendNote: result.backendNote, elapsedMs: result.elapsedMs,
    ...(result.threads ? { threads: result.threads } : {}), ...(timings ? { timings } : {}), fromCache,
  });
}

/** Computes (or fetches from cache) the current method's result for the active volume. */
export async function computeActive(store: () => AppState): Promise<void> {
  const s = store();
  const summary = activeVolume(s);
  const method = s.method;
  if (!summary || !needsCompute(method) || s.compute.status === 'running') return;
  const volume = getVolume(summary.id);
  const sha = summary.voxelSha256 ?? (await voxelSha256(volume));
  if (!summary.voxelSha256) store().setVolumeHash(summary.id, sha);
  const key = resultKey(sha, method);
  if (store().results[key]) return;
  const compute = store().services.compute;
  const { client, cache } = compute;
  // DeepNet with a user model: its hash and options join the cache key and the request.
  const model = method === 'deepnet' ? store().deepnetModel : null;
  const modelFiles = model ? store().services.models.get(model.sha256) : undefined;
  if (model && !modelFiles) return store().computeFailed(`${model.name}: the model files are no longer loaded; pick them again`);
  const fullKey = cacheKey(sha, method, deepnetCacheParams(model));
  const params: ComputeParams = model && modelFiles ? { model: userModelRequest(model, modelFiles) } : {};
  const stored = await cache.get(fullKey);
  if (stored) return keep(store, key, summary.id, stored, true);
  store().computeStarted(summary.slices, Date.now());
  const running = startSimilarityJob(client, volume, method, params, store().backendRequest);
  compute.running = running;
  trackJob(store, running, `${summary.name}, ${method}`);
  running.subscribe((event) => {
    if (event.type !== 'progress') return;
    if (typeof event.metrics?.backend === 'string') store().setBackend(event.metrics.backend);
    if (event.total > 0) store().computeProgress(event.done, event.total, Date.now());
  });
  try {
    const result = await running.promise;
    await cache.put(fullKey, result);
    // The model may have changed while this ran: its result is cached but not shown as the current one.
    if (method === 'deepnet' && store().deepnetModel !== model) store().computeFailed('the DeepNet model changed during the run; compute again');
    else keep(store, key, summary.id, result, false);
  } catch (err) {
    if (isAbortError(err)) store().computeCancelled();
    else store().computeFailed(`${summary.name}, ${method}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    compute.running = null;
  }
}

/** Starts a similarity job on a copy of the volume's voxels (the copy is transferred). */
function startSimilarityJob(client: JobClient, volume: Volume, method: SimilarityJobResult['method'], params: ComputeParams, backend: AppState['backendRequest']): JobHandle<'similarity'> {
  const voxels = volume.voxels.slice();
  const buffer = voxels.buffer as ArrayBuffer;
  return client.start('similarity', {
    ...params, method, backend,
    volume: { id: volume.id, name: volume.name, rows: volume.rows, cols: volume.cols, slices: volume.slices, spacing: volume.spacing, dtype: voxelDtype(voxels), voxels: buffer },
  }, { transfer: [buffer] });
}

export function cancelCompute(store: () => AppState): void {
  store().services.compute.running?.cancel();
}
