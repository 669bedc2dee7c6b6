/**
 * The engine over the job protocol, with the "worker" a MessagePort served by fake pretrain
 * handlers: step metrics become StepMetrics, each checkpoint reaches onCheckpoint with its step
 * and is stored before the result is handed on, and a checkpoint that cannot be stored cancels
 * the run and becomes its error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pretrainPreset } from '../../../core/ssl/presets';
import { serveJobs, type JobHandlers, type JobScope } from '../../../workers/jobHost';
import type { WorkerLike } from '../../jobs/JobClient';
import { registerVolume, removeVolume } from '../../volumes/registry';
import type { PretrainRequest } from './engine';
import { StorageFullError } from './storage/idb';
import { WorkerExperimentEngine } from './workerEngine';

const channels: MessageChannel[] = [];
afterEach(() => {
  channels.splice(0).forEach((c) => { c.port1.close(); c.port2.close(); });
  removeVolume('vol');
});

function engine(handlers: JobHandlers): WorkerExperimentEngine {
  const channel = new MessageChannel();
  channels.push(channel);
  serveJobs(channel.port2 as unknown as JobScope, handlers);
  channel.port2.start();
  return new WorkerExperimentEngine(() => {
    channel.port1.start();
    return channel.port1 as unknown as WorkerLike;
  });
}

function request(): PretrainRequest {
  registerVolume({ id: 'vol', name: 'vol', format: 'synthetic', rows: 2, cols: 2, slices: 3, spacing: [1, 1, 1], modality: 'CT', sources: [], warnings: [], voxels: new Int16Array(12) });
  return { experimentId: 'e', armId: 'all', volumes: [{ volumeId: 'vol', kept: [0, 2] }], config: pretrainPreset('tiny', { steps: 4 }), checkpointEvery: 2, backend: 'cpu' };
}

const step = (s: number) => ({ step: s, loss: 2 - s / 10, lr: 1e-3, lnK: Math.log(10), sampleEntropy: 2, meanEntropy: 2.2, prototypesUsed: 5, seconds: s, imagesPerSecond: 8, memoryBytes: 1000, backend: 'cpu' });

const fakeTraining: JobHandlers = {
  pretrain: async (params, ctx) => {
    expect(params.volumes[0].kept).toEqual([0, 2]);
    for (let s = 0; s < params.config.steps; s++) {
      await ctx.pausePoint();
      ctx.progress(s + 1, params.config.steps, step(s));
      if ((s + 1) % params.checkpointEvery === 0) {
        ctx.progress(s + 1, params.config.steps, { checkpointStep: s + 1 });
        ctx.checkpoint(Uint8Array.of(s + 1));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const history = { config: params.config, backend: 'cpu', slicesUsed: 2, seconds: 4, imagesPerSecond: 8, steps: [0, 1, 2, 3].map((s) => ({ ...step(s) })), collapsed: false };
    const info = { arch: 'tiny' as const, inputSize: 32, channels: 1 as const, mean: 0.5, std: 0.25, featureDim: 8 };
    return { result: { history, encoder: { files: [{ name: 'model.json', bytes: Uint8Array.of(1) }], info }, checkpoint: Uint8Array.of(4), backendLabel: 'cpu' } };
  },
};

describe('WorkerExperimentEngine', () => {
  it('turns job events into steps and stored checkpoints, all stored before the outcome', async () => {
    const steps: number[] = [];
    const stored: [number, number][] = [];
    let backend = '';
    const handle = engine(fakeTraining).pretrain(request(), {
      onStep: (m) => steps.push(m.step),
      onBackend: (b) => { backend = b; },
      onCheckpoint: async (s, bytes) => {
        await new Promise((r) => setTimeout(r, 10)); // a slow IndexedDB write
        stored.push([s, bytes[0]]);
      },
    });
    const outcome = await handle.promise;
    expect(steps).toEqual([0, 1, 2, 3]);
    expect(stored).toEqual([[2, 2], [4, 4]]);
    expect(backend).toBe('cpu');
    expect(outcome).toMatchObject({ slicesUsed: 2, seconds: 4, collapsed: false, backend: 'cpu' });
  });

  it('a checkpoint that cannot be stored cancels the run and is its error', async () => {
    const handle = engine(fakeTraining).pretrain(request(), {
      onCheckpoint: async () => { throw new StorageFullError('the checkpoint of ALL at step 2'); },
    });
    await expect(handle.promise).rejects.toBeInstanceOf(StorageFullError);
  });

  it('names a volume that is no longer loaded', () => {
    const r = request();
    removeVolume('vol');
    expect(() => engine(fakeTraining).pretrain(r, {})).toThrow(/volume "vol" is not loaded: open it again/);
  });
});
