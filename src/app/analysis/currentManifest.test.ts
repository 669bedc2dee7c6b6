import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../core/manifest';
import type { Volume } from '../../core/volume/types';
import { createAppStore } from '../store';
import { resultKey } from '../store/analysisSlice';
import { registerVolume } from '../volumes/registry';
import { comparisonMasks } from './comparison';
import { currentManifest } from './currentManifest';

/** A 3-slice uint8 .npy volume (used as-is by the conversion) with a stored HASH result. */
function setup(id: string) {
  const volume: Volume = {
    id, name: `${id}.npy`, format: 'npy', rows: 2, cols: 2, slices: 3, spacing: [1, 1, 1], modality: 'CT',
    sources: [], warnings: [], voxels: Uint8Array.from({ length: 12 }, (_, i) => i * 10),
  };
  registerVolume(volume);
  const store = createAppStore();
  store.getState().addVolumes([{ ...volume, voxelSha256: `sha-${id}` }]);
  const scores = { n: 3, kind: 'distance' as const, matrix: Float64Array.from([0, 1, 9, 1, 0, 9, 9, 9, 0]) };
  const key = resultKey(`sha-${id}`, 'hash');
  store.getState().services.results.store(key, { scores, backend: 'cpu', params: { hashSize: 8, precision: 'float64' } });
  store.getState().computeFinished({ key, volumeId: id, method: 'hash', n: 3, backend: 'cpu', elapsedMs: 1, fromCache: false });
  return store;
}

describe('currentManifest', () => {
  it('records as-is for a uint8 .npy (as the CLI does) and the HASH parameters under params.similarity', () => {
    const store = setup('u8npy');
    const m = currentManifest(store.getState()) as Manifest;
    expect(m.params.conversion).toEqual({ kind: 'as-is' });
    expect(m.params.similarity).toEqual({ hashSize: 8, precision: 'float64' });
  });
});

describe('comparisonMasks', () => {
  it('shows two DeepNet models’ results side by side, labelled by model', () => {
    const store = setup('two-models');
    const n = 3;
    const scores = { n, kind: 'similarity' as const, matrix: Float64Array.from([1, 0.99, 0.1, 0.99, 1, 0.1, 0.1, 0.1, 1]) };
    for (const [variant, model] of [[undefined, undefined], ['b.onnx@sha256:x:[]', 'b.onnx']] as const) {
      const key = resultKey('sha-two-models', 'deepnet', variant);
      store.getState().services.results.store(key, { scores, backend: 'cpu', params: {} });
      store.getState().computeFinished({ key, volumeId: 'two-models', method: 'deepnet', n, backend: 'cpu', elapsedMs: 1, fromCache: false, ...(model ? { model } : {}) });
    }
    const s = store.getState();
    const labels = comparisonMasks({ volume: s.volumes[0], results: s.results, thresholds: s.thresholds, method: s.method, currentKey: undefined, currentDecision: undefined, overrides: undefined, registry: s.services.results }).map((m) => m.label);
    expect(labels.filter((l) => l.startsWith('DeepNet'))).toHaveLength(2);
    expect(labels.some((l) => l.includes('(b.onnx)'))).toBe(true);
  });
});
