/**
 * The app's experiment run measures each arm's confusability in the worker (`armConfusability`
 * job); the CLI's `experiment` measures it in its Node deps (src/cli/experiment/nodeDeps.ts). For
 * the same SPEC and data both must give the same numbers: here the bundled head CT and stent CTA,
 * read by the CLI's reader, the worker's copy transferred as the app transfers it (voxels by
 * value, named as the SPEC names them), through the job protocol. Also: progress over every view,
 * pause holds between batches, cancel rejects.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobClient, type WorkerLike } from '../../app/jobs/JobClient';
import { viewCount } from '../../core/confusability';
import { ARM_CONFUSABILITY_ANCHORS, checkSpec, type ArmSlices, type ExperimentSpec } from '../../core/experiment';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { isAbortError } from '../../core/runtime/abort';
import { settleBackend } from '../../core/runtime/settleBackend';
import type { Volume } from '../../core/volume/types';
import { armConfusability, type LoadedVolume } from '../../cli/experiment/nodeDeps';
import { readOneVolume } from '../../cli/input';
import { serveJobs, type JobScope } from '../jobHost';
import type { JobEvent } from '../jobProtocol';
import { voxelDtype, type TransferredVolume } from '../similarityJob';
import { armConfusabilityJob } from './armConfusabilityJob';

const channel = new MessageChannel();
serveJobs(channel.port2 as unknown as JobScope, { armConfusability: armConfusabilityJob });
channel.port2.start();
channel.port1.start();
const client = new JobClient(() => channel.port1 as unknown as WorkerLike);
afterAll(() => { channel.port1.close(); channel.port2.close(); });

const NAMES = ['head-ct.nii.gz', 'stent-cta.nii.gz'];
const sample = (name: string) => fileURLToPath(new URL(`../../../public/samples/${name}`, import.meta.url));

const spec: ExperimentSpec = checkSpec({
  volumes: NAMES, arms: [{ name: 'ALL', method: 'all' }, { name: 'EveryN 5', method: 'everyn', every: 5 }],
  preset: 'tiny', budget: 'steps', steps: 1, seeds: [0], task: 'proxy', protocol: 'linear',
}, 'the test spec');

let loaded: LoadedVolume[];
let arms: { name: string; slices: ArmSlices }[];

beforeAll(async () => {
  await settleBackend('cpu');
  // As the CLI's experiment loads its volumes: ids are the SPEC's entries.
  loaded = await Promise.all(NAMES.map(async (id) => {
    const { volume } = await readOneVolume(sample(id));
    return { id, path: sample(id), volume, stack: toUint8Stack(volume) };
  }));
  const slices = (every: number): ArmSlices => ({ volumes: loaded.map((v) => ({ id: v.id, n: v.stack.n, kept: Array.from({ length: v.stack.n }, (_, i) => i).filter((i) => i % every === 0) })) });
  arms = [{ name: 'ALL', slices: slices(1) }, { name: 'EveryN 5', slices: slices(5) }];
});

/** The app's copy of a loaded volume (workerEngine's `transferred`), named as in the SPEC. */
function transferred(v: Volume, name: string): TransferredVolume {
  const voxels = v.voxels.slice();
  return { id: v.id, name, rows: v.rows, cols: v.cols, slices: v.slices, spacing: v.spacing, dtype: voxelDtype(voxels), voxels: voxels.buffer as ArrayBuffer };
}

function start() {
  const volumes = loaded.map((v) => transferred(v.volume, v.id));
  return client.start('armConfusability', { volumes, arms, preset: spec.preset, backend: 'cpu' }, { transfer: volumes.map((v) => v.voxels) });
}

describe('the experiment worker’s armConfusability job', () => {
  it('gives the CLI’s numbers for every arm, and counts progress over every view', { timeout: 120_000 }, async () => {
    const events: JobEvent[] = [];
    const handle = start();
    handle.subscribe((e) => events.push(e));
    const out = await handle.promise;
    expect(out.arms).toHaveLength(2);
    for (const [i, arm] of arms.entries()) {
      const cli = await armConfusability({ spec, volumes: loaded }, arm.slices);
      expect(out.arms[i]).toEqual(cli);
      expect(cli).toMatchObject({ embedding: 'pixels', anchorsPerVolume: ARM_CONFUSABILITY_ANCHORS, seed: 0 });
      expect((cli.volumes as { id: string }[]).map((v) => v.id)).toEqual(NAMES);
    }
    // A reduction keeps less confusable slices than ALL here (the measure is not constant).
    expect(out.arms[0].confusableRate).not.toBe(out.arms[1].confusableRate);
    const progress = events.filter((e): e is Extract<JobEvent, { type: 'progress' }> => e.type === 'progress');
    const total = arms.reduce((t, a) => t + a.slices.volumes.reduce((s, v) => s + viewCount(v.kept.length, ARM_CONFUSABILITY_ANCHORS), 0), 0);
    expect(progress.at(-1)).toMatchObject({ done: total, total, metrics: { arm: 1, arms: 2, name: 'EveryN 5' } });
    expect(progress.every((e, k) => k === 0 || e.done >= progress[k - 1].done)).toBe(true);
  });

  it('holds while paused and finishes after resume; cancel rejects with an AbortError', { timeout: 120_000 }, async () => {
    const handle = start();
    const events: JobEvent['type'][] = [];
    handle.subscribe((e) => events.push(e.type));
    handle.pause();
    await expect.poll(() => events.includes('paused')).toBe(true);
    const heldAt = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBe(heldAt); // nothing is embedded while paused
    handle.resume();
    expect((await handle.promise).arms).toHaveLength(2);
    expect(events).toContain('resumed');

    const cancelled = start();
    cancelled.cancel();
    expect(isAbortError(await cancelled.promise.catch((e: unknown) => e))).toBe(true);
  });
});
