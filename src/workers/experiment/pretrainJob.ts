/**
 * The `pretrain` job: SwAV (core/ssl pretrain) on an arm's slices, on the worker's settled backend.
 * Each step goes out as progress metrics (with tf.memory() bytes), each checkpoint as serialised
 * bytes; the pause point sits between steps. A cancelled run rejects (after its last checkpoint
 * went out), so the app never takes an interrupted encoder for a trained one.
 */
import * as tf from '@tensorflow/tfjs';
import { abortError } from '../../core/runtime/abort';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { deserializeCheckpoint, encoderToSafetensors, hasPytorchNames, pretrain, serializeCheckpoint, type StepMetrics } from '../../core/ssl';
import type { JobHandler } from '../jobHost';
import { encoderToFiles } from './encoderFiles';
import { trainingSlices } from './trainingSlices';
import './experimentJobs';

/** Step metrics as job metrics (numbers only; an unknown ETA is left out). */
function definedOnly(m: StepMetrics): Record<string, number> {
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

export const pretrainJob: JobHandler<'pretrain'> = async (params, ctx) => {
  const settled = await settleBackend(params.backend);
  const label = settledLabel(settled);
  const data = trainingSlices(params.volumes);
  const total = params.config.steps;
  ctx.progress(0, total, { backend: label, memoryBytes: tf.memory().numBytes });
  const resume = params.resumeFrom ? deserializeCheckpoint(new Uint8Array(params.resumeFrom), 'the stored checkpoint') : undefined;
  const run = await pretrain(data, params.config, {
    signal: ctx.signal,
    checkpointEvery: params.checkpointEvery,
    onStep: (m) => ctx.progress(m.step + 1, total, { ...definedOnly(m), memoryBytes: tf.memory().numBytes, backend: label }),
    onCheckpoint: (c) => {
      ctx.progress(c.step, total, { checkpointStep: c.step });
      ctx.checkpoint(serializeCheckpoint(c));
    },
    // Between steps (pretrain yields to the event loop first, so pause and cancel messages are
    // read even on wasm): hold here while paused, rejecting when cancelled meanwhile.
    shouldPause: async () => {
      await ctx.pausePoint();
      return false;
    },
  }, resume);
  try {
    if (ctx.signal.aborted || run.history.stopReason === 'aborted') throw abortError('pre-training cancelled');
    const files = await encoderToFiles(run.encoder, run.info);
    // PyTorch names exist for resnet18 (torchvision) and tiny (golden_swav.py's Tiny); mobilenetv2 exports tfjs only.
    const safetensors = hasPytorchNames(run.info.arch) ? await encoderToSafetensors(run.encoder, run.info, run.batchesTracked) : undefined;
    const checkpoint = serializeCheckpoint(run.checkpoint);
    const transfer = [...files.map((f) => f.bytes.buffer), checkpoint.buffer, ...(safetensors ? [safetensors.buffer] : [])] as ArrayBuffer[];
    return { result: { history: run.history, encoder: { files, info: run.info, safetensors }, checkpoint, backendLabel: label }, transfer };
  } finally {
    run.encoder.dispose();
  }
};
