/**
 * The SwAV training loop (contract B): batches → multi-crop → SwAV step → metrics, with cancel,
 * pause, a time budget, checkpoints and exact resume. Everything random is drawn from one Rng whose
 * state the checkpoint stores; the data order is a pure function of (seed, step).
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted, etaMs, yieldToEventLoop } from '../runtime';
import { BatchOrder, batchTensor } from './batches';
import { detectCollapse } from './collapse';
import { backboneBatchesTracked, exportEncoder } from './export/encoderExport';
import { cropGroup, sampleMultiCrop, type CropKind } from './multiCrop';
import { configDifferences } from './configDiff';
import { pretrainOtherMethod } from './methodPretrain';
import { netStart } from './netSpec';
import { configProblems } from './presets';
import { resampledSlices } from './data';
import { runSchedule, scheduledOptimizer, type RunSchedule } from './schedule';
import { countKernels } from './kernelCount';
import { Rng } from './rng';
import { SwavModel } from './swav/model';
import { createOptimizer, learningRate, type SwavOptimizer } from './swav/optimizers';
import { EmbeddingQueue } from './swav/queue';
import { swavTrainStep, type SwavStepSettings } from './swav/trainStep';
import type { PretrainCallbacks, PretrainCheckpoint, PretrainConfig, PretrainHistory, PretrainResult, StepMetrics, TrainingSlices } from './types';

const PAUSE_POLL_MS = 100;
/** SwAV's crops_for_assign: the two global crops make the codes. */
const CROPS_FOR_ASSIGN = [0, 1];

interface RunState {
  config: PretrainConfig;
  model: SwavModel;
  optimizer: SwavOptimizer;
  queue?: EmbeddingQueue;
  rng: Rng;
  step: number;
  history: StepMetrics[];
  priorSeconds: number;
}

function checkInputs(data: TrainingSlices, config: PretrainConfig): void {
  const problems = configProblems(config);
  if (problems.length) throw new Error(`pre-training config: ${problems.join('; ')}`);
  if (!(data.count > 0)) throw new Error('pre-training: no training slices');
  if (!(data.rows > 1 && data.cols > 1)) throw new Error(`pre-training: slices of ${data.rows}×${data.cols} are too small to crop`);
}

async function startState(config: PretrainConfig, resume?: PretrainCheckpoint): Promise<RunState> {
  const { spec, values } = await netStart(config);
  if (resume) for (const t of resume.tensors) values.set(t.name, { shape: t.shape, data: t.data });
  const model = SwavModel.fromValues(spec, values);
  const optimizer = createOptimizer(config.optimizer, model, resume?.optimizer);
  const queue = config.queueLength > 0 ? new EmbeddingQueue(CROPS_FOR_ASSIGN.length, config.queueLength, config.outputDim, resume?.queue, resume?.queue ? EmbeddingQueue.filledFrom(resume.queue) : 0) : undefined;
  return {
    config,
    model,
    optimizer,
    queue,
    rng: new Rng(resume?.rngState ?? config.seed),
    step: resume?.step ?? 0,
    history: resume ? [...resume.history] : [],
    priorSeconds: resume?.seconds ?? 0,
  };
}

export async function makeCheckpoint(s: RunState, seconds: number): Promise<PretrainCheckpoint> {
  return {
    format: 'ctsieve-swav-checkpoint/1',
    config: s.config,
    step: s.step,
    rngState: s.rng.state(),
    tensors: await s.model.toTensors(),
    optimizer: await s.optimizer.state(),
    queue: s.queue ? await s.queue.toTensor() : undefined,
    history: [...s.history],
    seconds,
  };
}

function cropKinds(c: PretrainConfig): CropKind[] {
  return [0, 1]
    .map((g) => ({ count: c.nmbCrops[g], size: c.cropSizes[g], minScale: c.minScale[g], maxScale: c.maxScale[g], jitterStrength: c.jitterStrength, blurProbability: c.blurProbability }))
    .filter((k) => k.count > 0);
}

/** The crop groups of one step (tensors the caller disposes). */
function stepCrops(data: TrainingSlices, order: BatchOrder, s: RunState): tf.Tensor4D[] {
  const c = s.config;
  const kinds = cropKinds(c);
  const params = sampleMultiCrop(c.batch, data.rows, data.cols, kinds, s.rng);
  const images = batchTensor(data, order.indices(s.step, c.batch));
  try {
    return kinds.map((k, g) => cropGroup(images, params[g], k.size, c.mean, c.std));
  } finally {
    images.dispose();
  }
}

/** Waits while paused; returns the milliseconds spent waiting (times exclude pauses). */
async function waitWhilePaused(cb: PretrainCallbacks): Promise<number> {
  const t0 = performance.now();
  while (cb.shouldPause && (await cb.shouldPause())) {
    throwIfAborted(cb.signal, 'pre-training');
    await new Promise((r) => setTimeout(r, PAUSE_POLL_MS));
  }
  return performance.now() - t0;
}

/**
 * Mean entropy of the Sinkhorn codes' rows (each q_b renormalised to sum 1), over the assign crops:
 * ln K when the codes are flat, i.e. the targets tell no sample from another.
 */
function codeEntropy(codes: tf.Tensor2D[]): tf.Scalar {
  return tf.tidy(() => {
    const h = codes.map((q) => {
      const p = q.div(q.sum(1, true));
      return tf.neg(tf.sum(p.mul(tf.log(p.add(1e-30))), 1)).mean();
    });
    return tf.addN(h).div(h.length) as tf.Scalar;
  });
}

/** One step: crops, SwAV update, diagnostics read back (and the codes' entropy, from the step's debug outputs). */
async function runStep(data: TrainingSlices, order: BatchOrder, s: RunState, plan: RunSchedule): Promise<{ loss: number; lr: number; d: Float32Array; codeEntropy: number }> {
  const c = s.config;
  const settings: SwavStepSettings = { batch: c.batch, nmbCrops: cropKinds(c).map((k) => k.count), cropsForAssign: CROPS_FOR_ASSIGN, epsilon: c.epsilon, sinkhornIterations: c.sinkhornIterations, temperature: c.temperature };
  const lr = learningRate(scheduledOptimizer(c, plan), s.step, plan.total);
  const groups = stepCrops(data, order, s);
  try {
    const r = swavTrainStep(s.model, s.optimizer, groups, settings, {
      lr,
      freezePrototypes: s.step < plan.freezeSteps,
      queue: s.queue,
      useQueue: s.step >= c.queueStartStep,
      debug: true,
    });
    const dbg = r.debug!;
    const h = codeEntropy(dbg.codes);
    tf.dispose([dbg.loss, dbg.z, dbg.scores, ...dbg.codes, ...dbg.grads.values()]);
    const d = (await r.diagnostics.data()) as Float32Array;
    const ce = (await h.data())[0];
    tf.dispose([r.diagnostics, h]);
    return { loss: d[0], lr, d, codeEntropy: ce };
  } finally {
    tf.dispose(groups);
  }
}

export async function pretrain(slices: TrainingSlices, config: PretrainConfig, cb: PretrainCallbacks = {}, resumeFrom?: PretrainCheckpoint): Promise<PretrainResult> {
  // MoCo v2 and the dense MIM control run their own steps in the shared loop (./methodPretrain.ts).
  if (config.method !== undefined && config.method !== 'swav') return pretrainOtherMethod(slices, config, cb, resumeFrom);
  checkInputs(slices, config);
  const data = config.sourceSize === undefined ? slices : resampledSlices(slices, config.sourceSize);
  const changed = resumeFrom ? configDifferences(resumeFrom.config, config) : [];
  if (changed.length) {
    throw new Error(`pre-training: the checkpoint was made with another config (${changed.join(', ')}); resume with the checkpoint's config (only steps, epochs and timeBudgetSeconds may change)`);
  }
  const s = await startState(config, resumeFrom);
  const plan = runSchedule(config, data.count);
  const total = plan.total;
  const order = new BatchOrder(data.count, config.seed);
  const lnK = Math.log(config.prototypes);
  const started = performance.now();
  let pausedMs = 0;
  const runStart = s.step;
  // Training seconds: wall time since the start less the time spent paused.
  const elapsed = () => (performance.now() - started - pausedMs) / 1000;
  let stopReason: PretrainHistory['stopReason'] = 'completed';
  let warned = false;
  let kernelsPerStep: number | undefined;
  try {
    while (s.step < total) {
      // Let the worker hear pause and cancel between steps (cpu/wasm reads resolve as microtasks).
      await yieldToEventLoop();
      if (cb.signal?.aborted) {
        stopReason = 'aborted';
        break;
      }
      pausedMs += await waitWhilePaused(cb);
      if (config.timeBudgetSeconds !== undefined && s.priorSeconds + elapsed() >= config.timeBudgetSeconds) {
        stopReason = 'timeBudget';
        break;
      }
      // one steady-state step is counted: the run's second (the first builds caches), or its only one
      const counted = s.step === runStart + Math.min(1, total - runStart - 1);
      let ran: Awaited<ReturnType<typeof runStep>>;
      if (counted) {
        const c = await countKernels(() => runStep(data, order, s, plan));
        kernelsPerStep = c.kernels;
        ran = c.result;
      } else ran = await runStep(data, order, s, plan);
      const { loss, lr, d, codeEntropy: ce } = ran;
      if (!Number.isFinite(loss)) throw new Error(`pre-training: loss became ${loss} at step ${s.step} (lower the learning rate)`);
      const seconds = s.priorSeconds + elapsed();
      const done = s.step + 1 - runStart;
      const eta = etaMs(done, total - runStart, elapsed() * 1000);
      const m: StepMetrics = {
        step: s.step, loss, lr, lnK, sampleEntropy: d[1], meanEntropy: d[2], codeEntropy: ce, prototypesUsed: Math.round(d[3]), seconds,
        imagesPerSecond: (done * config.batch) / Math.max(elapsed(), 1e-9),
        etaSeconds: eta === undefined ? undefined : eta / 1000,
      };
      s.history.push(m);
      s.step++;
      cb.onStep?.(m);
      const collapse = detectCollapse(s.history);
      if (collapse.state === 'collapsed' && !warned) {
        warned = true;
        cb.onWarning?.(collapse.reason ?? 'collapsed');
      }
      if (cb.checkpointEvery && s.step % cb.checkpointEvery === 0 && s.step < total) await cb.onCheckpoint?.(await makeCheckpoint(s, seconds));
    }
    const seconds = s.priorSeconds + elapsed();
    const checkpoint = await makeCheckpoint(s, seconds);
    await cb.onCheckpoint?.(checkpoint);
    throwIfAborted(cb.signal, 'pre-training');
    const collapse = detectCollapse(s.history);
    const ranImages = (s.step - runStart) * config.batch;
    const history: PretrainHistory = {
      method: 'swav',
      config, backend: tf.getBackend(), slicesUsed: data.count, seconds, imagesPerSecond: ranImages / Math.max(elapsed(), 1e-9),
      steps: s.history, collapsed: collapse.collapsed, nearUniform: collapse.nearUniform, codeState: collapse.state, stopReason,
    };
    if (collapse.reason) history.collapseReason = collapse.reason;
    if (kernelsPerStep !== undefined) history.kernelsPerStep = kernelsPerStep;
    const { encoder, info } = exportEncoder(s.model, config, { config, slicesUsed: data.count, steps: s.step, seconds });
    return { history, encoder, info, checkpoint, batchesTracked: backboneBatchesTracked(s.model) };
  } finally {
    s.model.dispose();
    s.optimizer.dispose();
    s.queue?.dispose();
  }
}
