/**
 * Shows cached results without a click: whenever the active volume is hashed, the result cache
 * (memory, then IndexedDB) is asked for every method that computes (HASH, SSIM, NMI, DeepNet with
 * the current model) that has no result in the session yet. A hit for the method on screen is
 * shown as "from cache" — so a reload shows the kept count at once instead of "– / N" until
 * Compute — and hits for the other methods join the session as well, so the method comparison and
 * the experiment arms offer every cached result, not only the current method's. A miss changes
 * nothing (computing stays the user's choice).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../store';
import { resultKey } from '../store/analysisSlice';
import { activeVolume } from '../store/volumesSlice';
import { deepnetCacheParams, deepnetResultVariant } from '../features/deepnet/modelFiles';
import { cacheKey, type ResultCache } from '../compute/cache';
import { SIMILARITY_METHODS } from '../../core/methods';
import type { MethodName } from '../../core/similarity/types';

interface Wanted {
  key: string;
  fullKey: string;
  volumeId: string;
  method: MethodName;
  model?: string;
}

/** The cache keys the compute flow would use now for each method without a session result. */
function wantedKeys(s: AppState): Wanted[] {
  const volume = activeVolume(s);
  if (!volume?.voxelSha256) return [];
  const out: Wanted[] = [];
  for (const method of SIMILARITY_METHODS) {
    const model = method === 'deepnet' ? s.deepnetModel : null;
    const key = resultKey(volume.voxelSha256, method, deepnetResultVariant(model));
    if (s.results[key]) continue;
    out.push({ key, fullKey: cacheKey(volume.voxelSha256, method, deepnetCacheParams(model)), volumeId: volume.id, method, ...(model ? { model: model.name } : {}) });
  }
  return out;
}

/** Starts watching the store; returns a function that stops it. */
export function showCachedResults(app: StoreApi<AppState>, cache: () => ResultCache): () => void {
  const asked = new Set<string>();
  const check = (s: AppState) => {
    for (const wanted of wantedKeys(s)) {
      if (asked.has(wanted.fullKey)) continue;
      asked.add(wanted.fullKey);
      void cache().get(wanted.fullKey).then((hit) => {
        const now = app.getState();
        // Only while it is still missing for the volume shown.
        if (!hit || !wantedKeys(now).some((w) => w.fullKey === wanted.fullKey)) return;
        if (wanted.method === now.method && now.compute.status === 'running') return;
        now.services.results.store(wanted.key, { scores: { n: hit.n, kind: hit.kind, matrix: hit.matrix }, hashes: hit.hashes, backend: hit.backend, params: hit.params });
        const summary = { key: wanted.key, volumeId: wanted.volumeId, method: hit.method, n: hit.n, backend: hit.backend, backendNote: hit.backendNote, elapsedMs: hit.elapsedMs, fromCache: true, ...(wanted.model ? { model: wanted.model } : {}) };
        if (wanted.method !== now.method) now.resultRestored(summary);
        // The method on screen is shown as computed, unless a run is going (its status must not be overwritten).
        else if (now.compute.status !== 'running') now.computeFinished(summary);
      }, (e: unknown) => console.warn('ctsieve: result cache lookup failed:', e));
    }
  };
  const stop = app.subscribe(check);
  check(app.getState());
  return stop;
}
