/**
 * Computing the active volume's similarity matrix for the current method: from the cache when
 * this content was computed before (this session or, via IndexedDB, an earlier one), else in the
 * compute worker with progress and cancel. Results go to the results registry; the store gets a
 * small summary.
 */
import { voxelSha256 } from '../../core/volume';
import { storeResult } from '../analysis/results';
import type { AppState } from '../store';
import { resultKey } from '../store/analysisSlice';
import { needsCompute } from '../store/methods';
import { activeVolume } from '../store/volumesSlice';
import { getVolume } from '../volumes/registry';
import { deepnetCacheParams, userModelRequest } from '../features/deepnet/modelFiles';
import { getModelFiles } from '../features/deepnet/modelRegistry';
import type { ComputeParams, WorkerResult } from '../../workers/protocol';
import { cacheKey, ResultCache } from './cache';
import { ComputeCancelledError, ComputeClient, type RunningCompute } from './client';

export interface ComputeServices {
  client: ComputeClient;
  cache: ResultCache;
}

let services: ComputeServices | null = null;
let running: RunningCompute | null = null;

/** The app's compute client and cache (created on first use; tests can pass their own). */
export function computeServices(override?: ComputeServices): ComputeServices {
  if (override) services = override;
  services ??= { client: new ComputeClient(), cache: new ResultCache() };
  return services;
}

/** Starts the compute backend in the worker so the badge can show it before any run. */
export async function probeBackend(store: () => AppState): Promise<void> {
  try {
    const report = await computeServices().client.probe(store().backendRequest);
    store().setBackend(report.label);
  } catch (err) {
    store().setBackend(`unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function keep(store: () => AppState, key: string, volumeId: string, result: WorkerResult, fromCache: boolean): void {
  storeResult(key, { scores: { n: result.n, kind: result.kind, matrix: result.matrix }, hashes: result.hashes, backend: result.backend, params: result.params });
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
  const { client, cache } = computeServices();
  // DeepNet with a user model: its hash and options join the cache key and the request.
  const model = method === 'deepnet' ? store().deepnetModel : null;
  const modelFiles = model ? getModelFiles(model.sha256) : undefined;
  if (model && !modelFiles) return store().computeFailed(`${model.name}: the model files are no longer loaded; pick them again`);
  const fullKey = cacheKey(sha, method, deepnetCacheParams(model));
  const params: ComputeParams = model && modelFiles ? { model: userModelRequest(model, modelFiles) } : {};
  const stored = await cache.get(fullKey);
  if (stored) return keep(store, key, summary.id, stored, true);
  store().computeStarted(summary.slices, Date.now());
  running = client.compute(volume, method, params, store().backendRequest, {
    onProgress: (done, total) => store().computeProgress(done, total, Date.now()),
    onBackend: (report) => store().setBackend(report.label),
  });
  try {
    const result = await running.promise;
    await cache.put(fullKey, result);
    // The model may have changed while this ran: its result is cached but not shown as the current one.
    if (method === 'deepnet' && store().deepnetModel !== model) store().computeFailed('the DeepNet model changed during the run; compute again');
    else keep(store, key, summary.id, result, false);
  } catch (err) {
    if (err instanceof ComputeCancelledError) store().computeCancelled();
    else store().computeFailed(`${summary.name}, ${method}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    running = null;
  }
}

export function cancelCompute(): void {
  running?.cancel();
}
