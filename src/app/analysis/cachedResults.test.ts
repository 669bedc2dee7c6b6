import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { createAppStore } from '../store';
import { resultKey } from '../store/analysisSlice';
import { cacheKey, ResultCache } from '../compute/cache';
import type { SimilarityJobResult as WorkerResult } from '../../workers/similarityJob';
import { showCachedResults } from './cachedResults';

const sha = 'e'.repeat(64);
const result: WorkerResult = { method: 'hash', n: 2, backend: 'cpu', kind: 'distance', matrix: new Float64Array([0, 3, 3, 0]), params: {}, elapsedMs: 5 };

describe('cached results after a reload', () => {
  it('shows a result the persistent cache holds as soon as the volume is hashed', async () => {
    const factory = new IDBFactory();
    await new ResultCache(factory).put(cacheKey(sha, 'hash'), result);
    const app = createAppStore();
    const cache = new ResultCache(factory); // a fresh page: empty memory, same IndexedDB
    showCachedResults(app, () => cache);
    app.getState().addVolumes([{ id: 'v', name: 'v.nii', format: 'nifti', rows: 2, cols: 1, slices: 2, spacing: [1, 1, 1], modality: 'CT', warnings: [] }]);
    expect(app.getState().results).toEqual({});
    app.getState().setVolumeHash('v', sha);
    await vi.waitFor(() => expect(app.getState().results[resultKey(sha, 'hash')]).toMatchObject({ fromCache: true, n: 2 }));
  });
  it('leaves a miss alone (no compute is started)', async () => {
    const app = createAppStore();
    showCachedResults(app, () => new ResultCache(new IDBFactory()));
    app.getState().addVolumes([{ id: 'v', name: 'v.nii', format: 'nifti', rows: 2, cols: 1, slices: 2, spacing: [1, 1, 1], modality: 'CT', warnings: [], voxelSha256: sha }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(app.getState().results).toEqual({});
    expect(app.getState().compute.status).toBe('idle');
  });
});
