/**
 * Runs experiments: first each arm's confusability (measured in the experiment worker as the CLI's
 * `experiment` measures it, so both reports agree); then for each seed, pre-train every arm in turn from that seed's initial weights
 * (checkpoints stored as they come); then per seed evaluate random init (the same weights) and every
 * arm's encoder with that seed's splits; the comparison is core/experiment's report (paired-t
 * intervals, verdicts, warnings), the same the CLI's `experiment` writes. Everything it learns goes to IndexedDB first and to the feature store second, so a
 * reload finds exactly what was stored; an experiment that was running when the page went away
 * shows as interrupted and resumes from its arm's last checkpoint.
 * No React: the panel calls these methods and reads the store (./experimentsStore).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { PretrainConfig } from '../../../core/ssl';
import {
  isCancelled, JobCancelledError, type EncoderArtifacts, type EvaluatedEncoder, type EvaluationTask,
  type ExperimentEngine, type JobHandle, type PretrainOutcome,
} from './engine';
import type { ExperimentsState } from './experimentsStore';
import type { PretrainMetrics } from './metrics';
import { armSliceCount } from './arms';
import { storageEstimate, type ExperimentDb, type PartWrite, type StoredCheckpoint } from './storage/experimentDb';
import { RANDOM_INIT, unitKey } from '../../../core/experiment';
import { recordReport, recordSpec, type StoredEvaluations } from './specIO';
import { armConfusabilityRequest } from './armConfusabilityRequest';
import { trainingUnits } from './units';
import type { ArmProgress, ArmSpec, BudgetMode, ExperimentRecord, TaskSpec } from './types';

export interface ExperimentDraft {
  name?: string;
  arms: ArmSpec[];
  /** core/ssl PretrainConfig for every arm (steps / timeBudgetSeconds are set from the budget). */
  pretrain: ExperimentRecord['pretrain'];
  backend: ExperimentRecord['backend'];
  budget: BudgetMode;
  budgetValue: number;
  /** Pre-training seeds (default: the config's seed alone). */
  seeds?: number[];
  evalRuns: number;
  evalProtocol: 'linear' | 'finetune';
  evalEpochs: number;
  task: TaskSpec;
  /** The labelled files when task.kind is 'labelled'. */
  labelledFiles?: { path: string; bytes: Uint8Array }[];
  /** Arm manifests (ctsieve-manifest/1) by arm id, stored with the experiment. */
  manifests: Record<string, unknown>;
}

/** How often (in steps) a checkpoint is taken and stored. */
export const CHECKPOINT_EVERY = 10;


type Store = StoreApi<ExperimentsState>;

function newId(now: Date): string {
  return `exp-${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * The config an arm trains with under seed `seed`: equal epochs (a reduced arm makes fewer steps),
 * equal steps, or equal seconds (steps become a cap; pauses do not count).
 */
export function armConfig(record: Pick<ExperimentRecord, 'pretrain' | 'budget' | 'budgetValue'>, seed = record.pretrain.seed): PretrainConfig {
  const base = { ...record.pretrain, seed };
  if (record.budget === 'time' || record.budget === 'seconds') return { ...base, timeBudgetSeconds: record.budgetValue, steps: Math.max(record.pretrain.steps, 1_000_000), epochs: undefined };
  if (record.budget === 'epochs') return { ...base, epochs: record.budgetValue, timeBudgetSeconds: undefined };
  return { ...base, steps: record.budgetValue, epochs: undefined, timeBudgetSeconds: undefined };
}

/** The seeds of an experiment (older ones trained one seed: the config's). */
export function seedsOf(record: Pick<ExperimentRecord, 'seeds' | 'pretrain'>): number[] {
  return record.seeds ?? [record.pretrain.seed];
}

function replaceProgress(record: ExperimentRecord, armId: string, patch: Partial<ArmProgress>): ExperimentRecord {
  return { ...record, progress: record.progress.map((p) => (p.armId === armId ? { ...p, ...patch } : p)) };
}

export class ExperimentController {
  private job: JobHandle<unknown> | null = null;
  private cancelled = false;
  /** The setup's confusability preview in flight (previewEngine), cancelled when a run starts. */
  private preview: JobHandle<unknown> | null = null;

  constructor(
    private readonly engine: ExperimentEngine,
    private readonly db: () => Promise<ExperimentDb>,
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Reads the stored experiments; ones that were running when the page went away become 'interrupted'. */
  async load(): Promise<void> {
    try {
      const db = await this.db();
      const list = await db.list();
      const busy = this.store.getState().running?.experimentId;
      const fixed: ExperimentRecord[] = [];
      for (const r of list) {
        if ((r.status === 'running' || r.status === 'paused') && r.id !== busy) fixed.push(await db.save({ ...r, status: 'interrupted' }));
        else fixed.push(r);
      }
      this.store.getState().setList(fixed);
      await this.refreshStorage();
    } catch (e) {
      this.store.getState().setError(e instanceof Error ? e.message : String(e));
    }
  }

  /** Creates the experiment (stored before anything runs) and runs it. */
  async start(draft: ExperimentDraft): Promise<void> {
    if (this.store.getState().running) throw new Error('an experiment is already running');
    if (draft.arms.length === 0) throw new Error('choose at least one arm');
    const created = this.now().toISOString();
    const id = newId(this.now());
    const record: ExperimentRecord = {
      id, name: draft.name || `${draft.arms.map((a) => a.label).join(' vs ')} · ${draft.pretrain.preset}`,
      createdAt: created, updatedAt: created, status: 'running',
      arms: draft.arms, backend: draft.backend, budget: draft.budget, budgetValue: draft.budgetValue, seeds: draft.seeds ?? [draft.pretrain.seed],
      pretrain: draft.pretrain, evalRuns: draft.evalRuns, evalProtocol: draft.evalProtocol, evalEpochs: draft.evalEpochs,
      task: draft.task,
      progress: (draft.seeds ?? [draft.pretrain.seed]).flatMap((seed) => draft.arms.map((a): ArmProgress => ({ armId: unitKey(a.id, seed), seed, status: 'pending', slicesUsed: armSliceCount(a), stepsDone: 0, seconds: 0 }))),
      bytes: 0,
    };
    const parts: PartWrite[] = Object.entries(draft.manifests).map(([armId, value]) => ({ store: 'manifests', armId, value }));
    if (draft.task.kind === 'labelled' && draft.labelledFiles) parts.push({ store: 'tasks', armId: 'task', value: draft.labelledFiles });
    await this.guard(async () => {
      const saved = await (await this.db()).save(record, parts, `experiment "${record.name}"`);
      this.store.getState().upsert(saved);
      this.store.getState().openExperiment(saved.id, {});
      await this.run(saved);
    });
  }

  /** Resumes an interrupted (or paused-then-reloaded) experiment from its last checkpoint. */
  async resumeStored(id: string): Promise<void> {
    if (this.store.getState().running) throw new Error('an experiment is already running');
    await this.guard(async () => {
      const db = await this.db();
      const record = await db.get(id);
      if (!record) throw new Error(`experiment ${id} is no longer stored`);
      if (!record.seeds) throw new Error(`"${record.name}" was stored before paired seeds and cannot be resumed; start it again (Export SPEC, then Import SPEC keeps its settings)`);
      await this.open(id);
      const saved = await db.save({ ...record, status: 'running', error: undefined });
      this.store.getState().upsert(saved);
      await this.run(saved);
    });
  }

  /**
   * The setup's confusability preview goes through here: the run's job on the run's engine (one
   * experiment worker). Starting or resuming a run cancels it (run()), so the two never share the
   * worker; while a run goes a preview is refused. A new preview cancels the one before.
   */
  readonly previewEngine: Pick<ExperimentEngine, 'confusability'> = {
    confusability: (request, handlers) => {
      if (this.store.getState().running) throw new Error('an experiment is running: measure the confusability when it has finished');
      this.cancelPreview();
      const handle = this.engine.confusability(request, handlers);
      this.preview = handle;
      const settled = () => {
        if (this.preview === handle) this.preview = null;
      };
      handle.promise.then(settled, settled);
      return handle;
    },
  };

  private cancelPreview(): void {
    this.preview?.cancel();
    this.preview = null;
  }

  pause(): void {
    this.job?.pause();
  }

  resume(): void {
    this.job?.resume();
  }

  cancel(): void {
    this.cancelled = true;
    this.job?.cancel();
  }

  /** Opens a stored experiment: its record and every arm's stored history. */
  async open(id: string): Promise<void> {
    await this.guard(async () => {
      const db = await this.db();
      const record = await db.get(id);
      if (!record) throw new Error(`experiment ${id} is no longer stored`);
      const histories: Record<string, PretrainMetrics[]> = {};
      for (const u of trainingUnits(record)) histories[u.key] = (await db.getPart<PretrainMetrics[]>('histories', id, u.key)) ?? [];
      this.store.getState().upsert(record);
      this.store.getState().openExperiment(id, histories);
    });
  }

  async remove(id: string): Promise<void> {
    if (this.store.getState().running?.experimentId === id) throw new Error('cancel the experiment before deleting it');
    await this.guard(async () => {
      await (await this.db()).delete(id);
      this.store.getState().removeFromList(id);
      await this.refreshStorage();
    });
  }

  /** The stored encoder of an arm (for export and for DeepNet). */
  async encoder(experimentId: string, armId: string): Promise<EncoderArtifacts | undefined> {
    return (await this.db()).getPart<EncoderArtifacts>('encoders', experimentId, armId);
  }

  async manifest(experimentId: string, armId: string): Promise<unknown> {
    return (await this.db()).getPart('manifests', experimentId, armId);
  }

  async refreshStorage(): Promise<void> {
    const estimate = await storageEstimate().catch(() => undefined);
    this.store.getState().setStorage(estimate);
  }

  /** A job may finish before its worker read the cancel (a step or run that never yields): stop here then. */
  private throwIfCancelled(): void {
    if (this.cancelled) throw new JobCancelledError('experiment');
  }

  private async guard(body: () => Promise<void>): Promise<void> {
    try {
      this.store.getState().setError(null);
      await body();
    } catch (e) {
      this.store.getState().setError(e instanceof Error ? e.message : String(e));
    }
  }

  private async run(initial: ExperimentRecord): Promise<void> {
    let record = initial;
    this.cancelled = false;
    this.cancelPreview(); // start and resume both come here: the run has the experiment worker to itself
    const state = () => this.store.getState();
    state().setRunning({ experimentId: record.id, phase: 'pretrain', paused: false, message: 'starting…' });
    try {
      record = await this.measureConfusability(record);
      for (const seed of seedsOf(record)) {
        for (const arm of record.arms) {
          const p = record.progress.find((x) => x.armId === unitKey(arm.id, seed));
          if (p && p.status !== 'pending' && p.status !== 'training') continue;
          record = await this.pretrainArm(record, arm, seed);
        }
      }
      record = await this.evaluateAll(record);
      record = await this.persist({ ...record, status: 'done' }, [], 'the experiment results');
    } catch (e) {
      const cancelled = this.cancelled || isCancelled(e);
      const message = e instanceof Error ? e.message : String(e);
      record = { ...record, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? undefined : message };
      // With the disk full this write fails too: the panel still shows the outcome (a reload then
      // finds the stored record 'running' and offers to resume it from its last checkpoint).
      await this.persist(record, [], `the state of experiment "${record.name}"`).catch(() => this.store.getState().upsert(record));
      if (!cancelled) state().setError(message);
    } finally {
      this.job = null;
      state().setRunning(null);
      await this.refreshStorage();
    }
  }

  private async persist(record: ExperimentRecord, parts: PartWrite[], what: string): Promise<ExperimentRecord> {
    const saved = await (await this.db()).save(record, parts, what);
    this.store.getState().upsert(saved);
    return saved;
  }

  /** Each arm's confusability not measured yet (a resumed run keeps what it measured), stored with the record. */
  private async measureConfusability(start: ExperimentRecord): Promise<ExperimentRecord> {
    const arms = start.arms.filter((a) => !start.confusability?.[a.id]);
    if (arms.length === 0) return start;
    const state = () => this.store.getState();
    state().setRunning({ experimentId: start.id, phase: 'confusability', paused: false, message: `measuring the confusability of ${arms.length} arm${arms.length === 1 ? '' : 's'}` });
    const handle = this.engine.confusability(armConfusabilityRequest(arms, recordSpec(start).preset, start.backend, start.arms[0].volumes), {
      onProgress: (p) => state().patchRunning({ message: `measuring the confusability of ${p.name} (${p.arm + 1}/${p.arms}): ${p.done}/${p.total} views` }),
      onPaused: () => state().patchRunning({ paused: true }),
      onResumed: () => state().patchRunning({ paused: false }),
    });
    this.job = handle;
    const outcomes = await handle.promise;
    this.throwIfCancelled();
    const confusability = { ...start.confusability, ...Object.fromEntries(arms.map((a, i) => [a.id, outcomes[i]])) };
    return this.persist({ ...start, confusability }, [], `the confusability of ${arms.map((a) => a.label).join(', ')}`);
  }

  private async pretrainArm(start: ExperimentRecord, arm: ArmSpec, seed: number): Promise<ExperimentRecord> {
    const key = unitKey(arm.id, seed);
    const label = `${arm.label} · seed ${seed}`;
    const db = await this.db();
    const state = () => this.store.getState();
    let record = replaceProgress(start, key, { status: 'training' });
    const progress = record.progress.find((x) => x.armId === key);
    const checkpoint = progress?.checkpointStep ? await db.getPart<StoredCheckpoint>('checkpoints', record.id, key) : undefined;
    const steps: PretrainMetrics[] = checkpoint ? ((await db.getPart<PretrainMetrics[]>('histories', record.id, key)) ?? []).filter((m) => m.step < checkpoint.step) : [];
    state().setLive(key, steps);
    state().setRunning({ experimentId: record.id, phase: 'pretrain', armId: key, paused: false, message: checkpoint ? `resuming ${label} from step ${checkpoint.step}` : `pre-training ${label}` });
    const handle = this.engine.pretrain({
      experimentId: record.id, armId: key, volumes: arm.volumes.map((v) => ({ volumeId: v.volumeId, kept: v.kept })),
      config: armConfig(record, seed), checkpointEvery: CHECKPOINT_EVERY, backend: record.backend, resumeFrom: checkpoint?.bytes,
    }, {
      onStep: (m) => { steps.push(m); state().pushStep(key, m); },
      onBackend: (backend, memoryBytes) => state().setBackend(backend, memoryBytes),
      onPaused: () => state().patchRunning({ paused: true }),
      onResumed: () => state().patchRunning({ paused: false }),
      onCheckpoint: async (step, bytes) => {
        const last = steps[steps.length - 1];
        record = replaceProgress(record, key, { stepsDone: step, checkpointStep: step, seconds: last?.seconds ?? 0 });
        record = await this.persist(record, [
          { store: 'checkpoints', armId: key, value: { step, bytes } satisfies StoredCheckpoint },
          { store: 'histories', armId: key, value: steps.filter((m) => m.step < step) },
        ], `the checkpoint of ${label} at step ${step}`);
      },
    });
    this.job = handle;
    const outcome: PretrainOutcome = await handle.promise;
    this.throwIfCancelled();
    record = replaceProgress(record, key, {
      status: 'trained', stepsDone: outcome.steps.length, seconds: outcome.seconds,
      backend: outcome.backend, imagesPerSecond: outcome.imagesPerSecond, slicesUsed: outcome.slicesUsed,
      collapsed: outcome.collapsed, collapseReason: outcome.collapseReason,
      checkpointStep: outcome.steps.length,
    });
    return this.persist(record, [
      { store: 'encoders', armId: key, value: outcome.encoder },
      { store: 'histories', armId: key, value: outcome.steps },
      { store: 'checkpoints', armId: key, value: { step: record.progress.find((x) => x.armId === key)?.stepsDone ?? 0, bytes: outcome.checkpoint } satisfies StoredCheckpoint },
    ], `the trained encoder of ${label}`);
  }

  private async task(record: ExperimentRecord): Promise<EvaluationTask> {
    if (record.task.kind === 'proxy') return { kind: 'proxy', volumeIds: record.arms[0].volumes.map((v) => v.volumeId) };
    const files = await (await this.db()).getPart<{ path: string; bytes: Uint8Array }[]>('tasks', record.id, 'task');
    if (!files) throw new Error(`the labelled files of "${record.name}" are not stored; start a new experiment with them`);
    return { kind: 'labelled', files };
  }

  /** Per seed: random init of that seed (the arms' shared start), then every arm's seed-s encoder, all with evaluation seed s. */
  private async evaluateAll(start: ExperimentRecord): Promise<ExperimentRecord> {
    let record = start;
    const task = await this.task(record);
    const cfg = record.pretrain;
    const evaluations: StoredEvaluations = { ...(record.results?.evaluations ?? {}) };
    const targets = seedsOf(record).flatMap((seed) => [
      { key: unitKey(RANDOM_INIT, seed), seed, label: `random init · seed ${seed}`, encoder: async (): Promise<EvaluatedEncoder> => ({ kind: 'scratch', spec: { arch: cfg.arch, inputSize: cfg.inputSize, width: cfg.width }, mean: cfg.mean, std: cfg.std, initSeed: seed }) },
      ...record.arms.map((arm) => ({
        key: unitKey(arm.label, seed), seed, label: `${arm.label} · seed ${seed}`, armKey: unitKey(arm.id, seed),
        encoder: async (): Promise<EvaluatedEncoder> => {
          const encoder = await this.encoder(record.id, unitKey(arm.id, seed));
          if (!encoder) throw new Error(`the encoder of ${arm.label} (seed ${seed}) is not stored`);
          return { kind: 'artifacts', name: `${arm.label} seed ${seed} (pre-trained)`, encoder };
        },
      })),
    ]);
    for (const [k, t] of targets.entries()) {
      if (evaluations[t.key]) continue; // evaluated before the page went away
      this.store.getState().setRunning({ experimentId: record.id, phase: 'evaluate', armId: t.key, paused: false, message: `evaluating ${t.label} (${k + 1}/${targets.length})` });
      const handle = this.engine.evaluate({ task, encoder: await t.encoder(), protocol: record.evalProtocol, runs: record.evalRuns, epochs: record.evalEpochs, seed: t.seed, backend: record.backend }, {
        onProgress: (p) => this.store.getState().patchRunning({ message: `evaluating ${t.label} (${k + 1}/${targets.length}): run ${p.run + 1}/${p.runs}, epoch ${p.epoch}/${p.epochs}` }),
      });
      this.job = handle;
      const report = await handle.promise;
      this.throwIfCancelled();
      evaluations[t.key] = { runs: report.runs.map(({ auc, f1, accuracy }) => ({ auc, f1, accuracy })), notes: report.notes, task: report.task, ...(report.isProxy ? { isProxy: true } : {}) };
      if ('armKey' in t && t.armKey) record = replaceProgress(record, t.armKey, { status: 'evaluated' });
      record = await this.persist({
        ...record,
        results: { task: report.task, isProxy: report.isProxy === true, protocol: report.protocol, rows: [], reports: [...(record.results?.reports ?? []), report], notes: report.notes, evaluations, report: recordReport(record, evaluations) },
      }, [], `the evaluation of ${t.label}`);
    }
    return record;
  }
}
