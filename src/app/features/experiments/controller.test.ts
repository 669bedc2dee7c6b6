import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pretrainPreset } from '../../../core/ssl/presets';
import { armConfusabilityRequest } from './armConfusabilityRequest';
import { ExperimentController, type ExperimentDraft } from './controller';
import { isCancelled, JobCancelledError, type ConfusabilityRequest, type EvaluateRequest, type ExperimentEngine, type JobHandle, type PretrainRequest } from './engine';
import { createExperimentsStore } from './experimentsStore';
import type { PretrainMetrics } from './metrics';
import { ExperimentDb } from './storage/experimentDb';
import type { ArmSpec } from './types';

const arms: ArmSpec[] = [
  { id: 'all', label: 'ALL', params: { method: 'all' }, backend: 'none', volumes: [{ volumeId: 'v', name: 'v', voxelSha256: 'ab', n: 20, kept: Array.from({ length: 20 }, (_, i) => i) }] },
  { id: 'hash', label: 'HASH ≤ 6', params: { method: 'hash', algorithm: 'greedy', maxDistance: 6 }, backend: 'cpu', volumes: [{ volumeId: 'v', name: 'v', voxelSha256: 'ab', n: 20, kept: [0, 7, 14] }] },
];

function draft(over: Partial<ExperimentDraft> = {}): ExperimentDraft {
  return {
    arms, backend: 'cpu', budget: 'steps', budgetValue: 25,
    pretrain: pretrainPreset('tiny', { steps: 25, seed: 3 }),
    evalRuns: 3, evalProtocol: 'linear', evalEpochs: 2, task: { kind: 'proxy' }, manifests: { all: { schema: 'm' }, hash: { schema: 'm' } },
    ...over,
  };
}

const metric = (step: number): PretrainMetrics => ({ step, loss: 5 - step / 10, lr: 0.1, lnK: Math.log(30), sampleEntropy: 3, meanEntropy: 3.3, prototypesUsed: 20, seconds: step * 0.1, imagesPerSecond: 40 });

/** An in-memory engine: steps 0..config.steps-1, a checkpoint every 10, optional hang after step `hangAfter`. */
class FakeEngine implements ExperimentEngine {
  pretrainRequests: PretrainRequest[] = [];
  evaluateRequests: EvaluateRequest[] = [];
  confusabilityRequests: ConfusabilityRequest[] = [];
  constructor(private readonly opts: { hangAfter?: number; evalMs?: number } = {}) {}

  /** A rate of kept/100 per arm (its first volume), after one progress event. */
  confusability(request: ConfusabilityRequest, handlers: Parameters<ExperimentEngine['confusability']>[1]): JobHandle<never> {
    this.confusabilityRequests.push(request);
    handlers.onProgress?.({ done: 1, total: 2, arm: 0, arms: request.arms.length, name: request.arms[0].name });
    const outcomes = request.arms.map((a) => ({ confusableRate: a.slices.volumes[0].kept.length / 100, embedding: 'pixels' }));
    return { promise: Promise.resolve(outcomes) as Promise<never>, pause: vi.fn(), resume: vi.fn(), cancel: vi.fn() };
  }

  pretrain(request: PretrainRequest, handlers: Parameters<ExperimentEngine['pretrain']>[1]): JobHandle<never> {
    this.pretrainRequests.push(request);
    let cancelled = false;
    let cancel!: () => void;
    const cancelledPromise = new Promise<never>((_, reject) => { cancel = () => { cancelled = true; reject(new JobCancelledError('pre-training')); }; });
    const run = async () => {
      const from = request.resumeFrom ? request.resumeFrom[0] : 0;
      // As core pretrain: the result's history includes the steps before the checkpoint.
      const steps: PretrainMetrics[] = Array.from({ length: from }, (_, s) => metric(s));
      handlers.onBackend?.('cpu', 1234);
      for (let s = from; s < Number(request.config.steps); s++) {
        await Promise.resolve();
        if (cancelled) throw new JobCancelledError('pre-training');
        if (this.opts.hangAfter !== undefined && s >= this.opts.hangAfter) return new Promise<never>(() => undefined);
        const m = metric(s);
        steps.push(m);
        handlers.onStep?.(m);
        if ((s + 1) % request.checkpointEvery === 0) await handlers.onCheckpoint?.(s + 1, Uint8Array.of(s + 1));
      }
      return {
        steps, backend: 'cpu', slicesUsed: request.volumes[0].kept.length, seconds: 2.5, imagesPerSecond: 40, collapsed: request.armId.startsWith('hash'),
        collapseReason: request.armId.startsWith('hash') ? 'loss at ln K' : undefined,
        encoder: { files: [{ name: 'model.json', bytes: new TextEncoder().encode('{}') }], info: { arch: 'tiny' } },
        checkpoint: Uint8Array.of(Number(request.config.steps)),
      };
    };
    return { promise: Promise.race([run(), cancelledPromise]) as Promise<never>, pause: vi.fn(), resume: vi.fn(), cancel: () => cancel() };
  }

  evaluate(request: EvaluateRequest): JobHandle<never> {
    this.evaluateRequests.push(request);
    const base = request.encoder.kind === 'artifacts' ? 0.8 : 0.6;
    const runs = [0, 1, 2].map((k) => ({ auc: base + k * 0.01, f1: base, accuracy: base }));
    const promise = new Promise((r) => setTimeout(r, this.opts.evalMs ?? 0)).then(() => ({
      task: 'proxy: anatomical level', protocol: request.protocol, isProxy: true, runs, notes: ['proxy'], seconds: 1,
      mean: { auc: base + 0.01, f1: base, accuracy: base }, std: { auc: 0.01, f1: 0, accuracy: 0 },
    })) as Promise<never>;
    return { promise, pause: vi.fn(), resume: vi.fn(), cancel: vi.fn() };
  }
}

/**
 * A FakeEngine whose next confusability job (the setup's preview) runs until cancelled; every job
 * started while it runs is counted as sharing the worker with it.
 */
class PreviewEngine extends FakeEngine {
  /** The next confusability job hangs until cancelled (the preview). */
  hangNext = false;
  previewLive = false;
  previewCancels = 0;
  shared: string[] = [];

  override confusability(request: ConfusabilityRequest, handlers: Parameters<ExperimentEngine['confusability']>[1]): JobHandle<never> {
    if (this.hangNext) {
      this.hangNext = false;
      this.previewLive = true;
      this.confusabilityRequests.push(request);
      let cancel!: () => void;
      const promise = new Promise<never>((_, reject) => {
        cancel = () => {
          this.previewLive = false;
          this.previewCancels++;
          reject(new JobCancelledError('confusability'));
        };
      });
      return { promise, pause: vi.fn(), resume: vi.fn(), cancel: () => cancel() };
    }
    if (this.previewLive) this.shared.push('confusability');
    return super.confusability(request, handlers);
  }

  override pretrain(request: PretrainRequest, handlers: Parameters<ExperimentEngine['pretrain']>[1]): JobHandle<never> {
    if (this.previewLive) this.shared.push(`pretrain ${request.armId}`);
    return super.pretrain(request, handlers);
  }
}

function setup(factory: IDBFactory, engine: ExperimentEngine) {
  const store = createExperimentsStore();
  let db: Promise<ExperimentDb> | undefined;
  const controller = new ExperimentController(engine, () => (db ??= ExperimentDb.open(factory)), store);
  return { store, controller, db: () => (db ??= ExperimentDb.open(factory)) };
}

describe('ExperimentController', () => {
  afterEach(() => vi.restoreAllMocks());

  it('per seed pre-trains every arm from that seed, evaluates random init of the seed and each encoder, stores the paired report', async () => {
    const engine = new FakeEngine();
    const { store, controller, db } = setup(new IDBFactory(), engine);
    const messages: string[] = [];
    store.subscribe((st) => st.running && messages.push(`${st.running.phase}: ${st.running.message}`));
    await controller.start(draft({ seeds: [0, 1] }));
    // The confusability phase comes first and shows its progress like the others.
    expect(messages.find((m) => !m.endsWith('starting…'))).toBe('confusability: measuring the confusability of 2 arms');
    expect(messages).toContain('confusability: measuring the confusability of ALL (1/2): 1/2 views');
    const s = store.getState();
    expect(s.error).toBeNull();
    expect(s.running).toBeNull();
    const [record] = s.list;
    expect(record.status).toBe('done');
    expect(engine.pretrainRequests.map((r) => [r.armId, r.config.steps, r.config.seed])).toEqual([['all#0', 25, 0], ['hash#0', 25, 0], ['all#1', 25, 1], ['hash#1', 25, 1]]);
    // Random init of seed s = the weights every arm's seed s starts from; evaluation seed s for all.
    expect(engine.evaluateRequests.map((r) => [r.encoder.kind, r.encoder.kind === 'scratch' ? r.encoder.initSeed : r.encoder.kind === 'artifacts' ? r.encoder.name : '', r.seed])).toEqual([
      ['scratch', 0, 0], ['artifacts', 'ALL seed 0 (pre-trained)', 0], ['artifacts', 'HASH ≤ 6 seed 0 (pre-trained)', 0],
      ['scratch', 1, 1], ['artifacts', 'ALL seed 1 (pre-trained)', 1], ['artifacts', 'HASH ≤ 6 seed 1 (pre-trained)', 1],
    ]);
    // Confusability first, in the worker, per arm over its kept slices (volumes by their SPEC names), with
    // the SPEC's preset (a custom config, as here with 25 steps, exports as 'short').
    expect(engine.confusabilityRequests).toEqual([{
      volumes: [{ volumeId: 'v', name: 'v' }], preset: 'short', backend: 'cpu',
      arms: [{ name: 'ALL', slices: { volumes: [{ id: 'v', n: 20, kept: arms[0].volumes[0].kept }] } }, { name: 'HASH ≤ 6', slices: { volumes: [{ id: 'v', n: 20, kept: [0, 7, 14] }] } }],
    }]);
    const report = record.results?.report;
    expect(report?.arms.map((a) => [a.name, a.slices, a.seeds.length, a.collapsed, a.confusableRate])).toEqual([['ALL', 20, 2, false, 0.2], ['HASH ≤ 6', 3, 2, true, 0.03]]);
    expect(report?.comparisons.filter((c) => c.metric === 'auc').map((c) => `${c.b} vs ${c.a}: ${c.verdict}`)).toEqual([
      'ALL vs random init: b better', 'HASH ≤ 6 vs ALL: no difference shown', 'HASH ≤ 6 vs random init: b better',
    ]);
    expect(report?.spec).toMatchObject({ budget: 'steps', steps: 25, seeds: [0, 1], task: 'proxy', runs: 3 });
    expect(record.results?.isProxy).toBe(true);
    expect(s.live['all#1']).toHaveLength(25);
    expect(s.backend).toBe('cpu');
    const stored = await (await db()).get(record.id);
    expect(stored?.progress.map((p) => p.status)).toEqual(['evaluated', 'evaluated', 'evaluated', 'evaluated']);
    expect(await (await db()).getPart('manifests', record.id, 'hash')).toEqual({ schema: 'm' });
    expect((await controller.encoder(record.id, 'all#1'))?.files[0].name).toBe('model.json');
    // Opened again (after a reload): every unit's stored history comes back under its key.
    await controller.open(record.id);
    expect(Object.keys(store.getState().live).sort()).toEqual(['all#0', 'all#1', 'hash#0', 'hash#1']);
    expect(store.getState().live['hash#1']).toHaveLength(25);
  });

  it('equal epochs (the default budget of the presets): config.epochs per arm, no step count', async () => {
    const engine = new FakeEngine({ hangAfter: 0 });
    const { controller } = setup(new IDBFactory(), engine);
    void controller.start(draft({ budget: 'epochs', budgetValue: 4 }));
    await vi.waitFor(() => expect(engine.pretrainRequests).toHaveLength(1));
    expect(engine.pretrainRequests[0].config).toMatchObject({ epochs: 4, timeBudgetSeconds: undefined });
  });

  it('equal wall time: every arm gets the same seconds, steps become a cap', async () => {
    const engine = new FakeEngine({ hangAfter: 0 });
    const { controller } = setup(new IDBFactory(), engine);
    void controller.start(draft({ budget: 'time', budgetValue: 60 }));
    await vi.waitFor(() => expect(engine.pretrainRequests).toHaveLength(1));
    expect(engine.pretrainRequests[0].config.timeBudgetSeconds).toBe(60);
    expect(Number(engine.pretrainRequests[0].config.steps)).toBeGreaterThan(1000);
  });

  it('after a reload an interrupted experiment resumes from its last stored checkpoint', async () => {
    const factory = new IDBFactory();
    const first = setup(factory, new FakeEngine({ hangAfter: 15 }));
    void first.controller.start(draft());
    await vi.waitFor(() => expect(first.store.getState().live['all#3']?.length).toBe(15));
    // "Reload": a new store and controller on the same database.
    const engine = new FakeEngine();
    const second = setup(factory, engine);
    await second.controller.load();
    const [record] = second.store.getState().list;
    expect(record.status).toBe('interrupted');
    expect(record.progress[0]).toMatchObject({ status: 'training', checkpointStep: 10 });
    expect(record.confusability).toEqual({ all: { confusableRate: 0.2, embedding: 'pixels' }, hash: { confusableRate: 0.03, embedding: 'pixels' } });
    await second.controller.resumeStored(record.id);
    expect(engine.confusabilityRequests).toEqual([]); // measured before the reload, stored
    expect(engine.pretrainRequests[0].resumeFrom).toEqual(Uint8Array.of(10));
    const live = second.store.getState().live['all#3'].map((m) => m.step);
    expect(live).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(second.store.getState().list[0].status).toBe('done');
  });

  it('cancel stops the run and records it as cancelled, with no error', async () => {
    const engine = new FakeEngine({ hangAfter: 5 });
    const { store, controller } = setup(new IDBFactory(), engine);
    const run = controller.start(draft());
    await vi.waitFor(() => expect(store.getState().live['all#3']?.length).toBe(5));
    controller.cancel();
    await run;
    expect(store.getState().list[0].status).toBe('cancelled');
    expect(store.getState().error).toBeNull();
    expect(store.getState().running).toBeNull();
  });

  it('cancel during an evaluation that finishes anyway (its worker never read the cancel) stops before the next', async () => {
    const engine = new FakeEngine({ evalMs: 200 });
    const { store, controller } = setup(new IDBFactory(), engine);
    const run = controller.start(draft());
    await vi.waitFor(() => expect(engine.evaluateRequests).toHaveLength(1), { interval: 5, timeout: 5000 });
    controller.cancel();
    await run;
    expect(engine.evaluateRequests).toHaveLength(1);
    expect(store.getState().list[0].status).toBe('cancelled');
  });

  it('storage full while checkpointing: the run fails with a message that says so', async () => {
    const { store, controller } = setup(new IDBFactory(), new FakeEngine());
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'checkpoints') throw new DOMException('quota', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    await controller.start(draft());
    expect(store.getState().error).toMatch(/storage is full: the checkpoint of ALL · seed 3 at step 10 was not saved/);
    expect(store.getState().list[0].status).toBe('failed');
  });

  it('storage full for every write: the panel still shows the run failed', async () => {
    const { store, controller } = setup(new IDBFactory(), new FakeEngine());
    const put = IDBObjectStore.prototype.put;
    let writes = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      // The experiment's first record and manifests fit; nothing after that does.
      if (this.name === 'checkpoints' || (this.name === 'experiments' && ++writes > 1)) throw new DOMException('quota', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    await controller.start(draft());
    expect(store.getState().error).toMatch(/storage is full/);
    expect(store.getState().list[0].status).toBe('failed');
  });

  it('deletes a stored experiment', async () => {
    const { store, controller } = setup(new IDBFactory(), new FakeEngine());
    await controller.start(draft());
    const id = store.getState().list[0].id;
    await controller.remove(id);
    expect(store.getState().list).toEqual([]);
    expect(await controller.encoder(id, 'all#3')).toBeUndefined();
  });

  describe('the setup’s confusability preview (previewEngine: the run’s engine, one experiment worker)', () => {
    const previewRequest = () => armConfusabilityRequest(arms, 'tiny', 'cpu');

    /** Starts a preview through the controller as the setup does; resolves to how it ended. */
    function preview(controller: ExperimentController, engine: PreviewEngine): Promise<string> {
      engine.hangNext = true;
      const handle = controller.previewEngine.confusability(previewRequest(), {});
      expect(engine.previewLive).toBe(true);
      return handle.promise.then(() => 'finished', (e: unknown) => (isCancelled(e) ? 'cancelled' : `failed: ${String(e)}`));
    }

    it('starting a run cancels a running preview before any of the run’s jobs', async () => {
      const engine = new PreviewEngine();
      const { store, controller } = setup(new IDBFactory(), engine);
      const ended = preview(controller, engine);
      await controller.start(draft());
      expect(engine.shared).toEqual([]);
      expect(engine.previewCancels).toBe(1);
      expect(await ended).toBe('cancelled');
      expect(engine.confusabilityRequests).toHaveLength(2); // the preview's, then the run's own
      expect(store.getState().list[0].status).toBe('done');
    });

    it('resuming a stored run cancels a running preview too', async () => {
      const factory = new IDBFactory();
      const first = setup(factory, new FakeEngine({ hangAfter: 15 }));
      void first.controller.start(draft());
      await vi.waitFor(() => expect(first.store.getState().live['all#3']?.length).toBe(15));
      const engine = new PreviewEngine();
      const second = setup(factory, engine);
      await second.controller.load();
      const [record] = second.store.getState().list;
      const ended = preview(second.controller, engine);
      await second.controller.resumeStored(record.id);
      expect(engine.shared).toEqual([]);
      expect(engine.previewCancels).toBe(1);
      expect(await ended).toBe('cancelled');
      expect(engine.pretrainRequests.length).toBeGreaterThan(0);
      expect(second.store.getState().list[0].status).toBe('done');
    });

    it('while a run goes a preview is refused (the run measures every arm itself)', async () => {
      const engine = new FakeEngine({ hangAfter: 5 });
      const { store, controller } = setup(new IDBFactory(), engine);
      const run = controller.start(draft());
      await vi.waitFor(() => expect(store.getState().live['all#3']?.length).toBe(5));
      expect(() => controller.previewEngine.confusability(previewRequest(), {})).toThrow(/an experiment is running/);
      controller.cancel();
      await run;
    });
  });
});
