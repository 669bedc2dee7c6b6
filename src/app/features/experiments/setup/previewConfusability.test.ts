/**
 * The setup's confusability preview and the experiment run measure the same thing: for the arms on
 * offer (ALL and EveryN over the bundled head CT, loaded under a registry id that is not its name,
 * as the app loads volumes), the preview's rate for an arm equals the rate in the run's report —
 * both through one WorkerExperimentEngine whose "worker" serves the real `armConfusability` job (a
 * MessagePort), on the cpu backend. The run's pre-training and evaluation are stand-ins (they do not
 * touch the rates); a slab of 24 slices keeps it fast. The old preview's bug (volumes under their
 * registry ids: other views) gives other numbers, so this comparison would have caught it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readOneVolume } from '../../../../cli/input';
import type { Volume } from '../../../../core/volume/types';
import { serveJobs, type JobScope } from '../../../../workers/jobHost';
import { armConfusabilityJob } from '../../../../workers/experiment/armConfusabilityJob';
import type { WorkerLike } from '../../../jobs/JobClient';
import { THRESHOLD_RANGES, UI_METHODS, type UiMethod } from '../../../store/methods';
import { getVolume, registerVolume, removeVolume, volumeMeta } from '../../../volumes/registry';
import { armConfusabilityRequest } from '../armConfusabilityRequest';
import { availableArms, type AvailableArm } from '../arms';
import { ExperimentController } from '../controller';
import { buildDraft } from '../draft';
import type { ConfusabilityHandlers, ConfusabilityRequest, ExperimentEngine, JobHandle, PretrainOutcome } from '../engine';
import { createExperimentsStore } from '../experimentsStore';
import { experimentPreset, type ExperimentSettings } from '../presets';
import { specPreset } from '../specIO';
import { ExperimentDb } from '../storage/experimentDb';
import { WorkerExperimentEngine } from '../workerEngine';
import { differences, previewSlicesKey, startPreview } from './previewConfusability';

const channel = new MessageChannel();
serveJobs(channel.port2 as unknown as JobScope, { armConfusability: armConfusabilityJob });
channel.port2.start();
const worker = new WorkerExperimentEngine(() => (channel.port1.start(), channel.port1 as unknown as WorkerLike));
afterAll(() => { channel.port1.close(); channel.port2.close(); removeVolume(ID); });

const ID = 'loaded-1'; // the registry's id, not the name the SPEC uses
const NAME = 'head-ct.nii.gz';
const SLAB = [42, 66]; // 24 slices of the head

const settings: ExperimentSettings = { ...experimentPreset('tiny'), backend: 'cpu', seeds: [0] };
let arms: AvailableArm[];

beforeAll(async () => {
  const { volume } = await readOneVolume(fileURLToPath(new URL(`../../../../../public/samples/${NAME}`, import.meta.url)));
  const plane = volume.rows * volume.cols;
  const slab: Volume = { ...volume, id: ID, name: NAME, slices: SLAB[1] - SLAB[0], sources: volume.sources.slice(...SLAB), voxels: volume.voxels.slice(SLAB[0] * plane, SLAB[1] * plane) };
  registerVolume(slab);
  const thresholds = Object.fromEntries(UI_METHODS.map((m) => [m, THRESHOLD_RANGES[m].initial])) as Record<UiMethod, number>;
  arms = availableArms({
    volumes: [{ id: ID, name: NAME, slices: slab.slices, voxelSha256: 'sha' }], method: 'everyn', algorithm: 'greedy', thresholdMode: 'threshold',
    thresholds: { ...thresholds, everyn: 3 }, keepPercent: 50, overrides: {}, scoresFor: () => undefined,
  });
});

const idle = <T>(value: T): JobHandle<T> => ({ promise: Promise.resolve(value), pause: vi.fn(), resume: vi.fn(), cancel: vi.fn() });

/** The run's engine: confusability in the (real) worker job; pre-training and evaluation stand-ins. */
class RunEngine implements ExperimentEngine {
  requests: ConfusabilityRequest[] = [];
  confusability(request: ConfusabilityRequest, handlers: ConfusabilityHandlers) {
    this.requests.push(request);
    return worker.confusability(request, handlers);
  }
  pretrain() {
    const info = { arch: 'tiny' as const, inputSize: 32, channels: 1 as const, mean: 0.5, std: 0.25, featureDim: 8 };
    return idle<PretrainOutcome>({ steps: [], backend: 'cpu', slicesUsed: 1, seconds: 1, imagesPerSecond: 1, collapsed: false, encoder: { files: [{ name: 'model.json', bytes: Uint8Array.of(1) }], info }, checkpoint: Uint8Array.of(0) });
  }
  evaluate() {
    const m = { auc: 0.7, f1: 0.7, accuracy: 0.7 };
    return idle({ task: 'proxy', protocol: 'linear', isProxy: true, runs: [m, m], mean: m, std: { auc: 0, f1: 0, accuracy: 0 }, notes: [], seconds: 1 });
  }
}

describe('the setup’s confusability preview', () => {
  it('gives, for every arm, the rate the run’s report gives (same job, volume names, preset, backend)', { timeout: 120_000 }, async () => {
    expect(arms.map((a) => a.label)).toEqual(['ALL', 'EveryN 3']);
    const progress: number[] = [];
    const preview = await startPreview(worker, arms, { preset: specPreset(settings.preset), backend: settings.backend }, (p) => progress.push(p.done)).promise;
    expect(progress.length).toBeGreaterThan(1);

    const engine = new RunEngine();
    const store = createExperimentsStore();
    const factory = new IDBFactory();
    const controller = new ExperimentController(engine, () => ExperimentDb.open(factory), store);
    await controller.start(buildDraft(settings, arms, null, (id) => volumeMeta(getVolume(id))));
    expect(store.getState().error).toBeNull();
    const report = store.getState().list[0].results?.report;
    expect(report?.arms.map((a) => a.name)).toEqual(['ALL', 'EveryN 3']);
    // The run asked what the preview asked.
    expect(engine.requests).toEqual([armConfusabilityRequest(arms, report!.spec.preset, 'cpu')]);
    for (const [i, arm] of arms.entries()) {
      expect(preview[arm.id]).toEqual({ rate: report!.arms[i].confusableRate, slices: previewSlicesKey(arm), preset: 'tiny', backend: 'cpu' });
    }
    // Not a constant: the two arms differ, and volumes under their registry ids (the old preview's) give other views, other numbers.
    expect(preview[arms[0].id].rate).not.toBe(preview[arms[1].id].rate);
    const byId = armConfusabilityRequest(arms, 'tiny', 'cpu');
    byId.volumes = byId.volumes.map((v) => ({ ...v, name: v.volumeId }));
    byId.arms = byId.arms.map((a) => ({ ...a, slices: { volumes: a.slices.volumes.map((v) => ({ ...v, id: ID })) } }));
    const old = await worker.confusability(byId, {}).promise;
    expect(old.map((o) => o.confusableRate)).not.toEqual(report!.arms.map((a) => a.confusableRate));
  });

  it('names what differs when the setup changed after measuring; the preset is the SPEC’s', () => {
    expect(specPreset('custom')).toBe('short');
    expect(specPreset('tiny')).toBe('tiny');
    expect(differences({ preset: 'tiny', backend: 'cpu' }, { preset: 'tiny', backend: 'cpu' })).toBe('');
    expect(differences({ preset: 'tiny', backend: 'cpu' }, { preset: 'short', backend: 'webgl' })).toBe('tiny’s views (the run: short’s), backend cpu (the run: webgl)');
  });
});
