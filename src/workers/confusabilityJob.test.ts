/** The compute worker's confusability job, run in Node through the job protocol: core's numbers per set, progress over every view, cancel. */
import { afterAll, describe, expect, it } from 'vitest';
import { JobClient, type WorkerLike } from '../app/jobs/JobClient';
import { measureConfusability, pixelsEmbedder, viewCount } from '../core/confusability';
import { toUint8Stack } from '../core/preprocess/toUint8';
import { isAbortError } from '../core/runtime/abort';
import type { Volume } from '../core/volume/types';
import { confusabilityJob, type ConfusabilitySet } from './confusabilityJob';
import { serveJobs, type JobScope } from './jobHost';
import type { JobEvent } from './jobProtocol';
import { voxelDtype } from './similarityJob';

const channel = new MessageChannel();
serveJobs(channel.port2 as unknown as JobScope, { confusability: confusabilityJob });
channel.port2.start();
channel.port1.start();
const client = new JobClient(() => channel.port1 as unknown as WorkerLike);
afterAll(() => { channel.port1.close(); channel.port2.close(); });

const volume: Volume = {
  id: 'v', name: 'v.nii', format: 'synthetic', rows: 24, cols: 24, slices: 10, spacing: [1, 1, 1], modality: 'CT', sources: [], warnings: [],
  voxels: Int16Array.from({ length: 24 * 24 * 10 }, (_, i) => ((i * 7919) % 331) - 100 + Math.floor(i / 576) * 30),
};
const SETS: ConfusabilitySet[] = [{ label: 'all', kept: [null] }, { label: 'some', kept: [[0, 3, 6, 9]] }];

function start() {
  const voxels = volume.voxels.slice();
  return client.start('confusability', {
    volumes: [{ id: 'v', name: 'v.nii', rows: 24, cols: 24, slices: 10, spacing: [1, 1, 1], dtype: voxelDtype(voxels), voxels: voxels.buffer as ArrayBuffer }],
    sets: SETS, embedding: 'pixels', preset: 'tiny', anchors: 3, seed: 5, backend: 'cpu',
  }, { transfer: [voxels.buffer as ArrayBuffer] });
}

describe('confusability job', () => {
  it('returns core’s result for each set and counts progress over all views', async () => {
    const events: JobEvent[] = [];
    const handle = start();
    handle.subscribe((e) => events.push(e));
    const out = await handle.promise;
    const stack = toUint8Stack(volume);
    for (const [i, set] of SETS.entries()) {
      const expected = await measureConfusability([{ id: 'v', slices: stack.pixels, rows: 24, cols: 24, ...(set.kept[0] ? { indices: set.kept[0] } : {}) }], pixelsEmbedder(), { preset: 'tiny', anchors: 3, seed: 5 });
      expect(out.sets[i]).toEqual({ label: set.label, result: expected });
    }
    const progress = events.filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress');
    const total = viewCount(10, 3) + viewCount(4, 3);
    expect(progress.at(-1)).toMatchObject({ done: total, total });
    expect(progress.every((e, k) => k === 0 || e.done >= progress[k - 1].done)).toBe(true);
  });

  it('cancels with an AbortError', async () => {
    const handle = start();
    handle.cancel();
    expect(isAbortError(await handle.promise.catch((e: unknown) => e))).toBe(true);
  });
});
