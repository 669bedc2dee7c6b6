/**
 * The compute flow with a user DeepNet model: the worker request carries the model's files and
 * options, and the cache keeps results of different models apart (the default model's key is the
 * one it always had).
 */
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../core/volume/types';
import { describeModelFiles } from '../features/deepnet/modelFiles';
import { createAppStore } from '../store';
import { registerVolume } from '../volumes/registry';
import type { JobEvent, JobRequest, JobStart } from '../../workers/jobProtocol';
import { JobClient, type WorkerLike } from '../jobs/JobClient';
import { ResultCache } from './cache';
import { computeActive } from './runCompute';
import { createServices } from '../services';

type SimilarityStart = Extract<JobStart, { kind: 'similarity' }>;

/** A worker that answers every similarity job with an n×n matrix and remembers the requests. */
function fakeWorker(requests: JobRequest[]): WorkerLike {
  let listener: ((event: MessageEvent<JobEvent>) => void) | undefined;
  return {
    addEventListener: (_type, l) => { listener = l; },
    terminate: () => undefined,
    postMessage: (message) => {
      requests.push(message);
      if (message.type !== 'start' || message.kind !== 'similarity') return;
      const n = message.params.volume.slices;
      const result = { method: message.params.method, n, backend: 'cpu', kind: 'similarity' as const, matrix: new Float64Array(n * n).fill(1), params: {}, elapsedMs: 1 };
      queueMicrotask(() => listener?.({ data: { type: 'result', jobId: message.jobId, result } } as MessageEvent<JobEvent>));
    },
  };
}

function setup() {
  const requests: JobRequest[] = [];
  const store = createAppStore(createServices({ compute: { client: new JobClient(() => fakeWorker(requests)), cache: new ResultCache(undefined) } }));
  const volume: Volume = {
    id: 'v1', name: 'tiny.nii', format: 'synthetic', rows: 2, cols: 2, slices: 3, spacing: [1, 1, 1], modality: 'CT',
    sources: [], warnings: [], voxels: new Int16Array(12).map((_, i) => i),
  };
  registerVolume(volume);
  store.getState().addVolumes([{ ...volume, voxelSha256: 'sha-v1' }]);
  store.getState().setMethod('deepnet');
  return { store, requests, computes: () => requests.filter((r): r is SimilarityStart => r.type === 'start' && r.kind === 'similarity') };
}

describe('computeActive with a DeepNet model', () => {
  it('sends the user model to the worker and recomputes per model, reusing the cache when switching back', async () => {
    const { store, computes } = setup();
    const get = store.getState;
    await computeActive(get);
    expect(computes()).toHaveLength(1);
    expect(computes()[0].params.model).toBeUndefined();

    const files = [{ name: 'enc.onnx', bytes: new TextEncoder().encode('onnx').buffer as ArrayBuffer }];
    const model = await describeModelFiles(files, { layer: 'conv_out' });
    get().services.models.set(model.sha256, files);
    get().setDeepnetModel(model);
    expect(get().compute.status).toBe('done');
    await computeActive(get);
    expect(computes()).toHaveLength(2);
    const request = computes()[1];
    expect(request.params.model).toMatchObject({ kind: 'onnx', id: `enc.onnx@sha256:${model.sha256.slice(0, 16)}`, options: { layer: 'conv_out' } });

    get().setDeepnetModel(null);
    await computeActive(get);
    expect(computes()).toHaveLength(2); // the default model's result came from the cache
    expect(Object.values(get().results).map((r) => r.fromCache)).toEqual([true]);
  });

  it('says so when the picked files are gone', async () => {
    const { store } = setup();
    const model = await describeModelFiles([{ name: 'gone.onnx', bytes: new ArrayBuffer(4) }]);
    store.getState().setDeepnetModel(model);
    await computeActive(store.getState);
    expect(store.getState().compute.message).toMatch(/^gone\.onnx: the model files are no longer loaded/);
  });
});
