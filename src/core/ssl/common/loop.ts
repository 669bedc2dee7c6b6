/**
 * The training loop of the methods beyond SwAV (MoCo, MIM): batches → the method's step → metrics,
 * with cancel, pause, a time budget, checkpoints and exact resume, as ../pretrain.ts does for SwAV.
 * Everything random is drawn from one Rng whose state the checkpoint stores; the data order is a
 * pure function of (seed, step).
 */
import { configDifferences } from '../configDiff';
import * as tf from '@tensorflow/tfjs';
import { etaMs, throwIfAborted, yieldToEventLoop } from '../../runtime';
import { BatchOrder, batchTensor } from '../batches';
import { detectCollapse } from '../collapse';
import { graphToLayersModel } from '../encoders/layersModel';
import type { EncoderGraph } from '../encoders/graph';
import { encoderInfo } from '../export/encoderExport';
import { methodOf, methodProblems } from '../methodProblems';
import { totalSteps } from '../presets';
import { Rng } from '../rng';
import { learningRate } from '../swav/optimizers';
import type { CheckpointTensor, PretrainCallbacks, PretrainCheckpoint, PretrainConfig, PretrainHistory, PretrainResult, StepMetrics, TrainingSlices } from '../types';

const PAUSE_POLL_MS = 100;

/** What a step reports (the loop adds step, lr, seconds, throughput and ETA). */
export type MethodStepMetrics = Omit<StepMetrics, 'step' | 'lr' | 'seconds' | 'imagesPerSecond' | 'etaSeconds'>;

/** One method's live state. */
export interface MethodSession {
  /** images: the batch [B, rows, cols, 1] in [0, 1] (the caller disposes it). */
  step(images: tf.Tensor4D, rng: Rng, lr: number): Promise<MethodStepMetrics>;
  /** Parameters, optimiser state and queue for a checkpoint. */
  checkpointParts(): Promise<{ tensors: CheckpointTensor[]; optimizer: CheckpointTensor[]; queue?: CheckpointTensor }>;
  /** The backbone to export and its parameter lookup. */
  graph: EncoderGraph;
  get(name: string): tf.Tensor;
  batchesTracked(): Record<string, number>;
  /** Whether detectCollapse's test (loss and entropies at ln K) means something for this method. */
  collapseCheck: boolean;
  dispose(): void;
}

export type SessionFactory = (config: PretrainConfig, data: TrainingSlices, resume?: PretrainCheckpoint) => Promise<MethodSession>;

async function waitWhilePaused(cb: PretrainCallbacks): Promise<void> {
  while (cb.shouldPause && (await cb.shouldPause())) {
    throwIfAborted(cb.signal, 'pre-training');
    await new Promise((r) => setTimeout(r, PAUSE_POLL_MS));
  }
}

function checkInputs(data: TrainingSlices, config: PretrainConfig): void {
  const problems = methodProblems(config);
  if (problems.length) throw new Error(`pre-training config (${methodOf(config)}): ${problems.join('; ')}`);
  if (!(data.count > 0)) throw new Error('pre-training: no training slices');
  if (!(data.rows > 1 && data.cols > 1)) throw new Error(`pre-training: slices of ${data.rows}×${data.cols} are too small to crop`);
}

export async function runMethodLoop(factory: SessionFactory, data: TrainingSlices, config: PretrainConfig, cb: PretrainCallbacks = {}, resumeFrom?: PretrainCheckpoint): Promise<PretrainResult> {
  checkInputs(data, config);
  const changed = resumeFrom ? configDifferences(resumeFrom.config, config) : [];
  if (changed.length) {
    throw new Error(`pre-training: the checkpoint was made with another config (${changed.join(', ')}); resume with the checkpoint's config (only steps, epochs and timeBudgetSeconds may change)`);
  }
  const session = await factory(config, data, resumeFrom);
  const rng = new Rng(resumeFrom?.rngState ?? config.seed);
  let step = resumeFrom?.step ?? 0;
  const history: StepMetrics[] = resumeFrom ? [...resumeFrom.history] : [];
  const priorSeconds = resumeFrom?.seconds ?? 0;
  const total = totalSteps(config, data.count);
  const order = new BatchOrder(data.count, config.seed);
  const started = performance.now();
  const runStart = step;
  const elapsed = () => (performance.now() - started) / 1000;
  const checkpoint = async (seconds: number): Promise<PretrainCheckpoint> => ({ format: 'ctsieve-swav-checkpoint/1', config, step, rngState: rng.state(), ...(await session.checkpointParts()), history: [...history], seconds });
  const collapse = () => (session.collapseCheck ? detectCollapse(history) : { collapsed: false, reason: undefined });
  let stopReason: PretrainHistory['stopReason'] = 'completed';
  let warned = false;
  try {
    while (step < total) {
      await yieldToEventLoop();
      if (cb.signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      await waitWhilePaused(cb);
      if (config.timeBudgetSeconds !== undefined && priorSeconds + elapsed() >= config.timeBudgetSeconds) {
        stopReason = 'timeBudget';
        break;
      }
      const lr = learningRate(config.optimizer, step, total); // warm-up, then cosine or constant
      const images = batchTensor(data, order.indices(step, config.batch));
      let metrics: MethodStepMetrics;
      try {
        metrics = await session.step(images, rng, lr);
      } finally {
        images.dispose();
      }
      if (!Number.isFinite(metrics.loss)) throw new Error(`pre-training: loss became ${metrics.loss} at step ${step} (lower the learning rate)`);
      const done = step + 1 - runStart;
      const eta = etaMs(done, total - runStart, elapsed() * 1000);
      const m: StepMetrics = { step, lr, ...metrics, seconds: priorSeconds + elapsed(), imagesPerSecond: (done * config.batch) / Math.max(elapsed(), 1e-9), etaSeconds: eta === undefined ? undefined : eta / 1000 };
      history.push(m);
      step++;
      cb.onStep?.(m);
      const c = collapse();
      if (c.collapsed && !warned) {
        warned = true;
        cb.onWarning?.(c.reason ?? 'collapsed');
      }
      if (cb.checkpointEvery && step % cb.checkpointEvery === 0 && step < total) await cb.onCheckpoint?.(await checkpoint(m.seconds));
    }
    const seconds = priorSeconds + elapsed();
    const last = await checkpoint(seconds);
    await cb.onCheckpoint?.(last);
    throwIfAborted(cb.signal, 'pre-training');
    const c = collapse();
    const ran = (step - runStart) * config.batch;
    const h: PretrainHistory = { method: methodOf(config), config, backend: tf.getBackend(), slicesUsed: data.count, seconds, imagesPerSecond: ran / Math.max(elapsed(), 1e-9), steps: history, collapsed: c.collapsed, stopReason };
    if (c.reason) h.collapseReason = c.reason;
    const encoder = graphToLayersModel(session.graph, config.inputSize, (name) => session.get(name));
    const info = encoderInfo(config, session.graph.featureDim, { config, slicesUsed: data.count, steps: step, seconds });
    return { history: h, encoder, info, checkpoint: last, batchesTracked: session.batchesTracked() };
  } finally {
    session.dispose();
  }
}

