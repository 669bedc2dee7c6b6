/**
 * Runs experiments: pre-train every arm in turn (checkpoints stored as they come), then evaluate
 * the from-scratch baseline and every arm's encoder on the downstream task, then store the
 * comparison. Everything it learns goes to IndexedDB first and to the feature store second, so a
 * reload finds exactly what was stored; an experiment that was running when the page went away
 * shows as interrupted and resumes from its arm's last checkpoint.
 * No React: the panel calls these methods and reads the store (./experimentsStore).
 */
import type { StoreApi } from 'zustand/vanilla';
import type { PretrainConfig } from '../../../core/ssl';
import {
  isCancelled, JobCancelledError, type EncoderArtifacts, type EvaluatedEncoder, type EvaluationOutcome, type EvaluationTask,
  type ExperimentEngine, type JobHandle, type PretrainOutcome,
} from './engine';
import type { ExperimentsState } from './experimentsStore';
import type { PretrainMetrics } from './metrics';
import { armSliceCount } from './arms';
import { storageEstimate, type ExperimentDb, type PartWrite, type StoredCheckpoint } from './storage/experimentDb';
import { PROXY_PIXEL_BASELINE } from '../../../core/eval/proxy';
import { PIXELS_ROW, SCRATCH_ROW, type ArmProgress, type ArmSpec, type BudgetMode, type ExperimentRecord, type ResultRow, type TaskSpec } from './types';

export interface ExperimentDraft {
  name?: string;
  arms: ArmSpec[];
  /** core/ssl PretrainConfig for every arm (steps / timeBudgetSeconds are set from the budget). */
  pretrain: ExperimentRecord['pretrain'];
  backend: ExperimentRecord['backend'];
  budget: BudgetMode;
  budgetValue: number;
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

/** The config an arm trains with: equal steps, or equal wall time (steps become a cap). */
export function armConfig(record: Pick<ExperimentRecord, 'pretrain' | 'budget' | 'budgetValue'>): PretrainConfig {
  if (record.budget === 'time') return { ...record.pretrain, timeBudgetSeconds: record.budgetValue, steps: Math.max(record.pretrain.steps, 1_000_000) };
  return { ...record.pretrain, steps: record.budgetValue, timeBudgetSeconds: undefined };
}

function replaceProgress(record: ExperimentRecord, armId: string, patch: Partial<ArmProgress>): ExperimentRecord {
  return { ...record, progress: record.progress.map((p) => (p.armId === armId ? { ...p, ...patch } : p)) };
}

function resultRow(arm: { id: string; label: string }, slicesUsed: number, progress: ArmProgress | undefined, report: EvaluationOutcome): ResultRow {
  const metric = (m: 'auc' | 'f1' | 'accuracy') => ({ mean: report.mean[m], std: report.std[m] });
  return {
    armId: arm.id, label: arm.label, slicesUsed, pretrainSeconds: progress?.seconds ?? 0,
    runs: report.runs.map((r) => ({ auc: r.auc, f1: r.f1, accuracy: r.accuracy })),
    metrics: { auc: metric('auc'), f1: metric('f1'), accuracy: metric('accuracy') },
    collapsed: progress?.collapsed,
  };
}

export class ExperimentController {
  private job: JobHandle<unknown> | null = null;
  private cancelled = false;

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
      arms: draft.arms, backend: draft.backend, budget: draft.budget, budgetValue: draft.budgetValue,
      pretrain: draft.pretrain, evalRuns: draft.evalRuns, evalProtocol: draft.evalProtocol, evalEpochs: draft.evalEpochs,
      task: draft.task,
      progress: draft.arms.map((a) => ({ armId: a.id, status: 'pending', slicesUsed: armSliceCount(a), stepsDone: 0, seconds: 0 })),
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
      await this.open(id);
      const saved = await db.save({ ...record, status: 'running', error: undefined });
      this.store.getState().upsert(saved);
      await this.run(saved);
    });
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
      for (const arm of record.arms) histories[arm.id] = (await db.getPart<PretrainMetrics[]>('histories', id, arm.id)) ?? [];
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
    const state = () => this.store.getState();
    state().setRunning({ experimentId: record.id, phase: 'pretrain', paused: false, message: 'starting…' });
    try {
      for (const arm of record.arms) {
        const p = record.progress.find((x) => x.armId === arm.id);
        if (p && p.status !== 'pending' && p.status !== 'training') continue;
        record = await this.pretrainArm(record, arm);
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

  private async pretrainArm(start: ExperimentRecord, arm: ArmSpec): Promise<ExperimentRecord> {
    const db = await this.db();
    const state = () => this.store.getState();
    let record = replaceProgress(start, arm.id, { status: 'training' });
    const progress = record.progress.find((x) => x.armId === arm.id);
    const checkpoint = progress?.checkpointStep ? await db.getPart<StoredCheckpoint>('checkpoints', record.id, arm.id) : undefined;
    const steps: PretrainMetrics[] = checkpoint ? ((await db.getPart<PretrainMetrics[]>('histories', record.id, arm.id)) ?? []).filter((m) => m.step < checkpoint.step) : [];
    state().setLive(arm.id, steps);
    state().setRunning({ experimentId: record.id, phase: 'pretrain', armId: arm.id, paused: false, message: checkpoint ? `resuming ${arm.label} from step ${checkpoint.step}` : `pre-training ${arm.label}` });
    const handle = this.engine.pretrain({
      experimentId: record.id, armId: arm.id, volumes: arm.volumes.map((v) => ({ volumeId: v.volumeId, kept: v.kept })),
      config: armConfig(record), checkpointEvery: CHECKPOINT_EVERY, backend: record.backend, resumeFrom: checkpoint?.bytes,
    }, {
      onStep: (m) => { steps.push(m); state().pushStep(arm.id, m); },
      onBackend: (backend, memoryBytes) => state().setBackend(backend, memoryBytes),
      onPaused: () => state().patchRunning({ paused: true }),
      onResumed: () => state().patchRunning({ paused: false }),
      onCheckpoint: async (step, bytes) => {
        const last = steps[steps.length - 1];
        record = replaceProgress(record, arm.id, { stepsDone: step, checkpointStep: step, seconds: last?.seconds ?? 0 });
        record = await this.persist(record, [
          { store: 'checkpoints', armId: arm.id, value: { step, bytes } satisfies StoredCheckpoint },
          { store: 'histories', armId: arm.id, value: steps.filter((m) => m.step < step) },
        ], `the checkpoint of ${arm.label} at step ${step}`);
      },
    });
    this.job = handle;
    const outcome: PretrainOutcome = await handle.promise;
    this.throwIfCancelled();
    record = replaceProgress(record, arm.id, {
      status: 'trained', stepsDone: outcome.steps.length, seconds: outcome.seconds,
      backend: outcome.backend, imagesPerSecond: outcome.imagesPerSecond, slicesUsed: outcome.slicesUsed,
      collapsed: outcome.collapsed, collapseReason: outcome.collapseReason,
      checkpointStep: outcome.steps.length,
    });
    return this.persist(record, [
      { store: 'encoders', armId: arm.id, value: outcome.encoder },
      { store: 'histories', armId: arm.id, value: outcome.steps },
      { store: 'checkpoints', armId: arm.id, value: { step: record.progress.find((x) => x.armId === arm.id)?.stepsDone ?? 0, bytes: outcome.checkpoint } satisfies StoredCheckpoint },
    ], `the trained encoder of ${arm.label}`);
  }

  private async task(record: ExperimentRecord): Promise<EvaluationTask> {
    if (record.task.kind === 'proxy') return { kind: 'proxy', volumeIds: record.arms[0].volumes.map((v) => v.volumeId) };
    const files = await (await this.db()).getPart<{ path: string; bytes: Uint8Array }[]>('tasks', record.id, 'task');
    if (!files) throw new Error(`the labelled files of "${record.name}" are not stored; start a new experiment with them`);
    return { kind: 'labelled', files };
  }

  private async evaluateAll(start: ExperimentRecord): Promise<ExperimentRecord> {
    let record = start;
    const task = await this.task(record);
    const cfg = record.pretrain;
    const pixels = PROXY_PIXEL_BASELINE.kind === 'pixels' ? PROXY_PIXEL_BASELINE : undefined;
    const targets: { arm: { id: string; label: string }; slicesUsed: number; encoder: () => Promise<EvaluatedEncoder> }[] = [
      {
        arm: { id: SCRATCH_ROW, label: 'from scratch' }, slicesUsed: 0,
        encoder: async () => ({ kind: 'scratch', spec: { arch: cfg.arch, inputSize: cfg.inputSize, width: cfg.width }, mean: cfg.mean, std: cfg.std }),
      },
      // On the proxy task, raw pixels (a linear probe on downsampled slices) show what needs no encoder at all.
      ...(task.kind === 'proxy' && pixels
        ? [{ arm: { id: PIXELS_ROW, label: `raw pixels ${pixels.size}²` }, slicesUsed: 0, encoder: async (): Promise<EvaluatedEncoder> => ({ kind: 'pixels', size: pixels.size }) }]
        : []),
      ...record.arms.map((arm) => ({
        arm, slicesUsed: armSliceCount(arm),
        encoder: async (): Promise<EvaluatedEncoder> => {
          const encoder = await this.encoder(record.id, arm.id);
          if (!encoder) throw new Error(`the encoder of ${arm.label} is not stored`);
          return { kind: 'artifacts', name: `${arm.label} (pre-trained)`, encoder };
        },
      })),
    ];
    const rows: ResultRow[] = [];
    const reports: unknown[] = [];
    for (const [k, t] of targets.entries()) {
      this.store.getState().setRunning({ experimentId: record.id, phase: 'evaluate', armId: t.arm.id, paused: false, message: `evaluating ${t.arm.label} (${k + 1}/${targets.length})` });
      const handle = this.engine.evaluate({ task, encoder: await t.encoder(), protocol: record.evalProtocol, runs: record.evalRuns, epochs: record.evalEpochs, seed: cfg.seed, backend: record.backend }, {
        onProgress: (p) => this.store.getState().patchRunning({ message: `evaluating ${t.arm.label} (${k + 1}/${targets.length}): run ${p.run + 1}/${p.runs}, epoch ${p.epoch}/${p.epochs}` }),
      });
      this.job = handle;
      const report = await handle.promise;
      this.throwIfCancelled();
      if (t.arm.id !== SCRATCH_ROW && t.arm.id !== PIXELS_ROW) record = replaceProgress(record, t.arm.id, { status: 'evaluated' });
      rows.push(resultRow(t.arm, t.slicesUsed, record.progress.find((x) => x.armId === t.arm.id), report));
      reports.push(report);
      record = await this.persist({
        ...record,
        results: { task: report.task, isProxy: report.isProxy === true, protocol: report.protocol, rows: [...rows], reports: [...reports], notes: report.notes },
      }, [], `the evaluation of ${t.arm.label}`);
    }
    return record;
  }
}
