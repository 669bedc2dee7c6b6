/**
 * The experiment engine over the job protocol: `armConfusability`, `pretrain` and `evaluate` jobs in the experiment
 * worker (src/workers/experiment.worker.ts), started through a JobClient and mirrored into the
 * app's jobs slice. Voxels come from the volume registry (copied, then transferred); step metrics
 * arrive as progress metrics, checkpoints as bytes, written in order before the result is used.
 */
import type { EvaluationReport } from '../../../core/eval';
import type { StepMetrics } from '../../../core/ssl';
import type { JobEvent, JobMetrics } from '../../../workers/jobProtocol';
import type { ConfusabilityOutcome } from '../../../core/experiment';
import type { ArmConfusabilityJobParams, EvaluateJobParams, PretrainJobParams, TrainingVolume } from '../../../workers/experiment/experimentJobs';
import { voxelDtype, type TransferredVolume } from '../../../workers/similarityJob';
import { JobClient, type JobHandle as ClientHandle, type WorkerLike } from '../../jobs/JobClient';
import { trackJob } from '../../jobs/trackJob';
import { appStore } from '../../store';
import { getVolume, hasVolume } from '../../volumes/registry';
import type {
  ConfusabilityHandlers, ConfusabilityRequest, EvaluateHandlers, EvaluateRequest, EvaluationOutcome, ExperimentEngine, JobHandle, PretrainHandlers, PretrainOutcome, PretrainRequest,
} from './engine';

function experimentWorker(): WorkerLike {
  return new Worker(new URL('../../../workers/experiment.worker.ts', import.meta.url), { type: 'module', name: 'ctsieve-experiment' });
}

/** A loaded volume's voxels (a copy, to transfer). Throws naming the volume when it is not loaded. */
function transferred(volumeId: string, name?: string): TransferredVolume {
  if (!hasVolume(volumeId)) throw new Error(`volume "${name ?? volumeId}" is not loaded: open it again (same file) to run or resume this experiment`);
  const v = getVolume(volumeId);
  const voxels = v.voxels.slice();
  return { id: v.id, name: v.name, rows: v.rows, cols: v.cols, slices: v.slices, spacing: v.spacing, dtype: voxelDtype(voxels), voxels: voxels.buffer as ArrayBuffer };
}

const STEP_KEYS: (keyof StepMetrics)[] = ['step', 'loss', 'lr', 'lnK', 'sampleEntropy', 'meanEntropy', 'prototypesUsed', 'seconds', 'imagesPerSecond'];

function stepOf(m: JobMetrics | undefined): StepMetrics | undefined {
  if (!m || typeof m.loss !== 'number') return undefined;
  const out = {} as Record<string, number>;
  for (const k of STEP_KEYS) out[k] = Number(m[k]);
  if (typeof m.etaSeconds === 'number') out.etaSeconds = m.etaSeconds;
  return out as unknown as StepMetrics;
}

function controls<T>(handle: ClientHandle<'pretrain' | 'evaluate' | 'armConfusability'>, promise: Promise<T>): JobHandle<T> {
  return { promise, pause: () => handle.pause(), resume: () => handle.resume(), cancel: () => handle.cancel() };
}

export class WorkerExperimentEngine implements ExperimentEngine {
  private client: JobClient | null = null;

  constructor(private readonly makeWorker: () => WorkerLike = experimentWorker) {}

  confusability(request: ConfusabilityRequest, handlers: ConfusabilityHandlers): JobHandle<ConfusabilityOutcome[]> {
    // Each volume under its SPEC name: the views' seeds depend on the id (as the CLI's, which uses the SPEC's entries).
    const volumes = request.volumes.map((v) => ({ ...transferred(v.volumeId, v.name), name: v.name }));
    const params: ArmConfusabilityJobParams = { volumes, arms: request.arms, preset: request.preset, backend: request.backend };
    const handle = trackJob(appStore.getState, this.jobs().start('armConfusability', params, { transfer: volumes.map((v) => v.voxels) }), `confusability of ${request.arms.length} arms`);
    handle.subscribe((event: JobEvent) => {
      if (event.type === 'progress' && event.metrics) {
        const m = event.metrics;
        handlers.onProgress?.({ done: event.done, total: event.total, arm: Number(m.arm), arms: Number(m.arms), name: String(m.name) });
      } else if (event.type === 'paused') handlers.onPaused?.();
      else if (event.type === 'resumed') handlers.onResumed?.();
    });
    return controls(handle, handle.promise.then((r) => r.arms));
  }

  pretrain(request: PretrainRequest, handlers: PretrainHandlers): JobHandle<PretrainOutcome> {
    const volumes: TrainingVolume[] = request.volumes.map((v) => ({ ...transferred(v.volumeId), kept: v.kept }));
    const resume = request.resumeFrom?.slice().buffer as ArrayBuffer | undefined;
    const params: PretrainJobParams = { volumes, config: request.config, checkpointEvery: request.checkpointEvery, resumeFrom: resume, backend: request.backend };
    const handle = trackJob(appStore.getState, this.jobs().start('pretrain', params, { transfer: [...volumes.map((v) => v.voxels), ...(resume ? [resume] : [])] }), `pre-training ${request.armId}`);
    // Checkpoints are stored one after another, and all of them before the result is handed on.
    // A checkpoint that cannot be stored (a full disk) stops the run: its error is the run's error.
    let writes: Promise<void> = Promise.resolve();
    let writeError: unknown;
    let checkpointStep = 0;
    handle.subscribe((event: JobEvent) => {
      if (event.type === 'progress') {
        if (typeof event.metrics?.backend === 'string') handlers.onBackend?.(event.metrics.backend, Number(event.metrics.memoryBytes ?? Number.NaN));
        if (typeof event.metrics?.checkpointStep === 'number') checkpointStep = event.metrics.checkpointStep;
        const step = stepOf(event.metrics);
        if (step) handlers.onStep?.(step);
      } else if (event.type === 'checkpoint') {
        const step = checkpointStep;
        const bytes = new Uint8Array(event.bytes);
        writes = writes.then(() => (writeError === undefined ? handlers.onCheckpoint?.(step, bytes) : undefined)).catch((e: unknown) => {
          writeError ??= e;
          handle.cancel();
        });
      } else if (event.type === 'paused') handlers.onPaused?.();
      else if (event.type === 'resumed') handlers.onResumed?.();
    });
    const promise = handle.promise.then(async (r) => {
      await writes;
      if (writeError !== undefined) throw writeError;
      return {
        steps: r.history.steps, backend: r.backendLabel, slicesUsed: r.history.slicesUsed, seconds: r.history.seconds,
        imagesPerSecond: r.history.imagesPerSecond, collapsed: r.history.collapsed === true, collapseReason: r.history.collapseReason,
        encoder: r.encoder, checkpoint: r.checkpoint,
      } satisfies PretrainOutcome;
    }, async (err: unknown) => {
      await writes;
      throw writeError ?? err;
    });
    return controls(handle, promise);
  }

  evaluate(request: EvaluateRequest, handlers: EvaluateHandlers): JobHandle<EvaluationOutcome> {
    const task: EvaluateJobParams['task'] = request.task.kind === 'proxy'
      ? { kind: 'proxy', volumes: request.task.volumeIds.map((id) => transferred(id)) }
      : { kind: 'labelled', files: request.task.files };
    const encoder: EvaluateJobParams['encoder'] = request.encoder.kind === 'artifacts'
      ? { kind: 'files', name: request.encoder.name, encoder: { files: request.encoder.encoder.files, info: request.encoder.encoder.info } }
      : request.encoder;
    const params: EvaluateJobParams = { task, encoder, protocol: request.protocol, runs: request.runs, epochs: request.epochs, seed: request.seed, backend: request.backend };
    const transfer = task.kind === 'proxy' ? task.volumes.map((v) => v.voxels) : [];
    const handle = trackJob(appStore.getState, this.jobs().start('evaluate', params, { transfer }), `evaluating ${request.encoder.kind === 'artifacts' ? request.encoder.name : request.encoder.kind}`);
    handle.subscribe((event) => {
      const m = event.type === 'progress' ? event.metrics : undefined;
      if (m && typeof m.epoch === 'number') handlers.onProgress?.({ run: Number(m.run), runs: Number(m.runs), epoch: Number(m.epoch), epochs: Number(m.epochs), phase: String(m.phase) });
    });
    return controls(handle, handle.promise.then((r: EvaluationReport) => r as unknown as EvaluationOutcome));
  }

  private jobs(): JobClient {
    this.client ??= new JobClient(this.makeWorker);
    return this.client;
  }
}
