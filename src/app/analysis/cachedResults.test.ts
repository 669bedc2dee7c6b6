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
  it('restores every cached method (SSIM, NMI beside HASH), not only the one on screen; the compute status stays', async () => {
    const factory = new IDBFactory();
    const put = new ResultCache(factory);
    await put.put(cacheKey(sha, 'hash'), result);
    await put.put(cacheKey(sha, 'ssim'), { ...result, method: 'ssim', kind: 'similarity', matrix: new Float64Array([1, 0.5, 0.5, 1]) });
    await put.put(cacheKey(sha, 'nmi'), { ...result, method: 'nmi', kind: 'similarity', matrix: new Float64Array([2, 1.2, 1.2, 2]) });
    const app = createAppStore();
    const cache = new ResultCache(factory);
    showCachedResults(app, () => cache);
    app.getState().addVolumes([{ id: 'v', name: 'v.nii', format: 'nifti', rows: 2, cols: 1, slices: 2, spacing: [1, 1, 1], modality: 'CT', warnings: [], voxelSha256: sha }]);
    await vi.waitFor(() => expect(Object.keys(app.getState().results).sort()).toEqual([resultKey(sha, 'hash'), resultKey(sha, 'nmi'), resultKey(sha, 'ssim')]));
    expect(app.getState().results[resultKey(sha, 'ssim')]).toMatchObject({ fromCache: true, method: 'ssim' });
    expect(app.getState().services.results.get(resultKey(sha, 'nmi'))?.scores.matrix[1]).toBe(1.2);
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
