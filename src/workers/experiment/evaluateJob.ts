/**
 * The `evaluate` job: one encoder (from scratch, raw pixels, or an arm's trained files) on the
 * proxy task built from transferred volumes (core proxyTask) or on the user's labelled files
 * (./labelledLayout readLabelledPick: any of its layouts), with core evaluateEncoder on the settled backend.
 */
import type * as tf from '@tensorflow/tfjs';
import { evaluateEncoder, type EncoderSource, type LabelledSet } from '../../core/eval';
import { proxyTask } from '../../core/eval/proxy';
import { canFinetuneOn } from '../../core/eval/fastConvGrad';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { buildEncoderLayersModel } from '../../core/ssl/encoders';
import type { JobHandler } from '../jobHost';
import { encoderFromFiles } from './encoderFiles';
import type { EvaluateJobParams } from './experimentJobs';
import { readLabelledPick } from './labelledLayout';
import { trainingSlices } from './trainingSlices';

async function labelledSet(task: EvaluateJobParams['task'], signal: AbortSignal): Promise<LabelledSet> {
  if (task.kind === 'proxy') {
    return proxyTask(task.volumes.map((v) => ({ id: v.name, slices: trainingSlices([{ ...v, kept: Array.from({ length: v.slices }, (_, i) => i) }]) })));
  }
  return readLabelledPick(task.files, { signal });
}

async function encoderSource(e: EvaluateJobParams['encoder']): Promise<{ source: EncoderSource; model?: tf.LayersModel }> {
  if (e.kind === 'scratch') {
    const { initSeed } = e;
    // Random init of a paired seed: every run rebuilds that seed's weights (SwAV's starting backbone).
    const build = initSeed === undefined ? undefined : (spec: typeof e.spec) => buildEncoderLayersModel(spec, initSeed);
    return { source: { kind: 'scratch', spec: e.spec, mean: e.mean, std: e.std, ...(build ? { build } : {}) } };
  }
  if (e.kind === 'pixels') return { source: { kind: 'pixels', size: e.size } };
  const model = await encoderFromFiles(e.encoder.files, e.name);
  return { source: { kind: 'model', model, info: e.encoder.info, name: e.name }, model };
}

/** The architecture fine-tuning would train (none for the raw-pixel baseline). */
function encoderArch(e: EvaluateJobParams['encoder']): string | undefined {
  if (e.kind === 'scratch') return e.spec.arch;
  if (e.kind === 'files') return e.encoder.info.arch;
  return undefined;
}

export const evaluateJob: JobHandler<'evaluate'> = async (params, ctx) => {
  const settled = await settleBackend(params.backend);
  const arch = encoderArch(params.encoder);
  if (params.protocol === 'finetune' && arch && !canFinetuneOn(settled.name, arch)) {
    throw new Error(`fine-tuning ${arch} cannot run on tfjs wasm (it has no depthwise-convolution gradient kernels): choose the linear protocol, or the cpu or webgpu backend (backend now: ${settledLabel(settled)})`);
  }
  ctx.progress(0, params.runs, { backend: settledLabel(settled), phase: 'reading' });
  const set = await labelledSet(params.task, ctx.signal);
  const { source, model } = await encoderSource(params.encoder);
  try {
    const report = await evaluateEncoder(set, source, {
      protocol: source.kind === 'pixels' ? 'linear' : params.protocol, runs: params.runs, epochs: params.epochs, seed: params.seed, signal: ctx.signal,
      onProgress: (p) => ctx.progress(p.run, p.runs, { run: p.run, runs: p.runs, epoch: p.epoch, epochs: p.epochs, phase: p.phase }),
    });
    return { result: { ...report, backend: report.backend ?? settled.name } };
  } finally {
    model?.dispose();
  }
};
