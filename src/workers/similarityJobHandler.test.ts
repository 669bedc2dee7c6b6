/** The compute worker's similarity job, run in Node through the job protocol (no Worker needed). */
import { afterAll, describe, expect, it } from 'vitest';
import { toUint8Stack } from '../core/preprocess/toUint8';
import { CPU_REFERENCE, computeSimilarity } from '../core/similarity';
import type { Volume } from '../core/volume/types';
import { JobClient, type WorkerLike } from '../app/jobs/JobClient';
import { isAbortError } from '../core/runtime/abort';
import { serveJobs, type JobScope } from './jobHost';
import type { JobEvent } from './jobProtocol';
import { backendJob, similarityJob } from './similarityJobHandler';
import { voxelDtype } from './similarityJob';

const channel = new MessageChannel();
serveJobs(channel.port2 as unknown as JobScope, { backend: backendJob, similarity: similarityJob });
channel.port2.start();
channel.port1.start();
const client = new JobClient(() => channel.port1 as unknown as WorkerLike);
afterAll(() => { channel.port1.close(); channel.port2.close(); });

const volume: Volume = {
  id: 'v', name: 'v.nii', format: 'synthetic', rows: 16, cols: 16, slices: 24, spacing: [1, 1, 1], modality: 'CT', sources: [], warnings: [],
  voxels: Int16Array.from({ length: 16 * 16 * 24 }, (_, i) => ((i * 7919) % 331) - 100 + Math.floor(i / 256) * 3),
};

function start(method: 'hash' | 'nmi') {
  const voxels = volume.voxels.slice();
  const buffer = voxels.buffer as ArrayBuffer;
  return client.start('similarity', {
    method, backend: 'cpu',
    volume: { id: volume.id, name: volume.name, rows: 16, cols: 16, slices: 24, spacing: [1, 1, 1], dtype: voxelDtype(voxels), voxels: buffer },
  }, { transfer: [buffer] });
}

describe('similarity job', () => {
  it('settles the backend once, names it in the first progress event, and returns the core result', async () => {
    const events: JobEvent[] = [];
    const handle = start('hash');
    handle.subscribe((e) => events.push(e));
    const result = await handle.promise;
    const expected = await computeSimilarity(toUint8Stack(volume), 'hash', { backend: CPU_REFERENCE });
    expect(result).toMatchObject({ method: 'hash', n: 24, backend: 'cpu', kind: 'distance', hashes: expected.hashes });
    expect(Array.from(result.matrix)).toEqual(Array.from(expected.matrix));
    expect(events[0]).toMatchObject({ type: 'progress', done: 0, total: 24, metrics: { backend: 'cpu' } });
    await expect(client.start('backend', { backend: 'cpu' }).promise).resolves.toEqual({ backend: 'cpu', label: 'cpu' });
  });

  it('cancels with an AbortError (here before the synchronous CPU kernel starts: it checks the signal first)', async () => {
    const handle = start('nmi');
    handle.cancel();
    expect(isAbortError(await handle.promise.catch((e: unknown) => e))).toBe(true);
  });
});
