/**
 * Each store has its own compute services, results, model files and decision memo (AppServices):
 * two stores — two tests, or two jobs — never see each other's runs, matrices or models.
 */
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../core/volume/types';
import type { JobEvent, JobRequest } from '../../workers/jobProtocol';
import { selectDecision } from '../analysis/currentDecision';
import { JobClient, type WorkerLike } from '../jobs/JobClient';
import { createServices } from '../services';
import { createAppStore } from '../store';
import { registerVolume } from '../volumes/registry';
import { ResultCache } from './cache';
import { cancelCompute, computeActive } from './runCompute';

/** A worker that holds every job until it is cancelled (then answers with a cancelled error). */
function holdingWorker(): WorkerLike {
  let listener: ((event: MessageEvent<JobEvent>) => void) | undefined;
  return {
    addEventListener: (_type, l) => { listener = l; },
    postMessage: (message: JobRequest) => {
      if (message.type === 'cancel') queueMicrotask(() => listener?.({ data: { type: 'error', jobId: message.jobId, message: 'aborted', cancelled: true } } as MessageEvent<JobEvent>));
    },
  };
}

function storeWithVolume(id: string) {
  const store = createAppStore(createServices({ compute: { client: new JobClient(holdingWorker), cache: new ResultCache(undefined) } }));
  const volume: Volume = {
    id, name: `${id}.nii`, format: 'synthetic', rows: 2, cols: 2, slices: 3, spacing: [1, 1, 1], modality: 'CT', sources: [], warnings: [], voxels: new Int16Array(12),
  };
  registerVolume(volume);
  store.getState().addVolumes([{ ...volume, voxelSha256: `sha-${id}` }]);
  return store;
}

describe('per-store compute services', () => {
  it('cancels the run of the store asked, not the last one started anywhere', async () => {
    const a = storeWithVolume('a');
    const b = storeWithVolume('b');
    const runA = computeActive(a.getState);
    const runB = computeActive(b.getState);
    await new Promise((r) => setTimeout(r, 0));
    expect([a.getState().compute.status, b.getState().compute.status]).toEqual(['running', 'running']);
    cancelCompute(a.getState);
    await runA;
    expect(a.getState().compute.status).toBe('cancelled');
    expect(b.getState().compute.status).toBe('running');
    expect(Object.values(a.getState().jobs).map((j) => j.status)).toEqual(['cancelled']);
    cancelCompute(b.getState);
    await runB;
  });

  it('keeps matrices, model files and the decision memo apart', () => {
    const a = storeWithVolume('m');
    const b = storeWithVolume('m');
    a.getState().services.results.store('k', { scores: { n: 1, kind: 'distance', matrix: new Float64Array(1) }, backend: 'cpu', params: {} });
    a.getState().services.models.set('sha', [{ name: 'x.onnx', bytes: new ArrayBuffer(1) }]);
    expect(b.getState().services.results.get('k')).toBeUndefined();
    expect(b.getState().services.models.get('sha')).toBeUndefined();
    a.getState().setMethod('everyn');
    b.getState().setMethod('everyn');
    // Same inputs in both stores: each memo holds its own decision (a module-level memo handed A's to B).
    const decisionA = selectDecision(a.getState());
    expect(decisionA?.kept).toEqual([0]);
    expect(selectDecision(b.getState())).not.toBe(decisionA);
    expect(selectDecision(a.getState())).toBe(decisionA);
  });
});
