/**
 * Shows a cached result without a click: whenever the active volume is hashed and the current
 * method has no result in the session yet, the result cache (memory, then IndexedDB) is asked,
 * and a hit is shown as "from cache" — so a reload shows the kept count at once instead of
 * "– / N" until Compute. A miss changes nothing (computing stays the user's choice).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../store';
import { resultKey } from '../store/analysisSlice';
import { needsCompute } from '../store/methods';
import { activeVolume } from '../store/volumesSlice';
import { deepnetCacheParams, deepnetResultVariant } from '../features/deepnet/modelFiles';
import { cacheKey, type ResultCache } from '../compute/cache';

/** The cache key the compute flow would use now, or undefined when nothing is to be looked up. */
function wantedKey(s: AppState): { key: string; fullKey: string; volumeId: string; model?: string } | undefined {
  const volume = activeVolume(s);
  if (!volume?.voxelSha256 || !needsCompute(s.method)) return undefined;
  const model = s.method === 'deepnet' ? s.deepnetModel : null;
  const key = resultKey(volume.voxelSha256, s.method, deepnetResultVariant(model));
  if (s.results[key]) return undefined;
  return { key, fullKey: cacheKey(volume.voxelSha256, s.method, deepnetCacheParams(model)), volumeId: volume.id, ...(model ? { model: model.name } : {}) };
}

/** Starts watching the store; returns a function that stops it. */
export function showCachedResults(app: StoreApi<AppState>, cache: () => ResultCache): () => void {
  const asked = new Set<string>();
  const check = (s: AppState) => {
    const wanted = wantedKey(s);
    if (!wanted || asked.has(wanted.fullKey)) return;
    asked.add(wanted.fullKey);
    void cache().get(wanted.fullKey).then((hit) => {
      const now = app.getState();
      // Only if it is still what is shown, and no run is going (a run's status must not be overwritten).
      if (!hit || wantedKey(now)?.fullKey !== wanted.fullKey || now.compute.status === 'running') return;
      now.services.results.store(wanted.key, { scores: { n: hit.n, kind: hit.kind, matrix: hit.matrix }, hashes: hit.hashes, backend: hit.backend, params: hit.params });
      now.computeFinished({ key: wanted.key, volumeId: wanted.volumeId, method: hit.method, n: hit.n, backend: hit.backend, backendNote: hit.backendNote, elapsedMs: hit.elapsedMs, fromCache: true, ...(wanted.model ? { model: wanted.model } : {}) });
    }, (e: unknown) => console.warn('ctsieve: result cache lookup failed:', e));
  };
  const stop = app.subscribe(check);
  check(app.getState());
  return stop;
}
