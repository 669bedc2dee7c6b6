/**
 * The Analysis view's job, run in its own worker (../analysis.worker.ts): an experiment's encoders
 * on its downstream task (the proxy task from the transferred volumes, or the stored labelled files)
 * → core analyzeEncoders: CKA of the reference arm (ALL) against every other arm, t-SNE per arm,
 * Grad-CAM per arm over test images; plus the pixels of the Grad-CAM images to draw them.
 * Plain data in and out (structured-cloneable); Node-testable.
 */
import type * as tf from '@tensorflow/tfjs';
import { analyzeEncoders, type AnalysisEncoder, type AnalysisPhase, type AnalysisResult } from '../../core/analysis';
import { proxyTask } from '../../core/eval/proxy';
import type { LabelledSet } from '../../core/eval/types';
import type { BackendRequest } from '../../core/backend/types';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { finetune } from '../../core/eval/finetune';
import { canFinetuneOn } from '../../core/eval/fastConvGrad';
import { EVAL_DEFAULTS } from '../../core/eval/runner';
import { planRuns } from '../../core/eval/splits';
import { encoderFromFiles } from '../experiment/encoderFiles';
import type { EncoderFiles, EvaluateJobTask } from '../experiment/experimentJobs';
import { readLabelledPick } from '../experiment/labelledLayout';
import { trainingSlices } from '../experiment/trainingSlices';

export interface AnalysisJobEncoder {
  /** The arm's id (shown in the view) and label. */
  id: string;
  name: string;
  encoder: EncoderFiles;
}

export interface AnalysisJobParams {
  task: EvaluateJobTask;
  encoders: AnalysisJobEncoder[];
  /** Index of the arm every other one is compared with (ALL). */
  reference: number;
  seed: number;
  /** Grad-CAM images per arm. */
  gradcam: number;
  backend: BackendRequest;
  /**
   * When the experiment fine-tuned: fine-tune a copy of every arm (core/eval finetune, the
   * experiment's protocol, on the first run's train/val parts) and compare each arm with its copy.
   */
  finetune?: { epochs: number };
  /** Test hook: fewer t-SNE steps. */
  tsneIterations?: number;
}

/** One Grad-CAM image's slice, to draw; `volumeId`/`slice` when it is a loaded volume's slice (proxy task). */
export interface AnalysisImage {
  sample: number;
  pixels: Uint8Array;
  rows: number;
  cols: number;
  volumeId?: string;
  slice?: number;
}

export interface AnalysisJobResult {
  analysis: AnalysisResult;
  images: AnalysisImage[];
  backend: string;
}

export type AnalysisProgress = (phase: AnalysisPhase | 'reading' | 'fine-tuning', done: number, total: number) => void;

async function labelledSet(task: EvaluateJobTask, signal: AbortSignal): Promise<LabelledSet> {
  if (task.kind === 'proxy') {
    // volume ids as sample ids (`<volumeId>:<slice>`), so a Grad-CAM image can be found in the viewer
    return proxyTask(task.volumes.map((v) => ({ id: v.id, slices: trainingSlices([{ ...v, kept: Array.from({ length: v.slices }, (_, i) => i) }]) })));
  }
  // Every layout the task picker takes (ImageFolder, CSV, COVID-CT, MedMNIST .npz), read and checked.
  return readLabelledPick(task.files, { signal });
}

function imageOf(set: LabelledSet, sample: number, proxy: boolean): AnalysisImage {
  const s = set.samples[sample];
  const at = s.id.lastIndexOf(':');
  const where = proxy && at > 0 ? { volumeId: s.id.slice(0, at), slice: Number(s.id.slice(at + 1)) } : {};
  return { sample, pixels: s.pixels.slice(), rows: s.rows, cols: s.cols, ...where };
}

export async function runAnalysisJob(p: AnalysisJobParams, signal: AbortSignal, progress: AnalysisProgress): Promise<AnalysisJobResult> {
  if (p.encoders.length === 0) throw new Error('analysis: the experiment has no trained encoders');
  if (!p.encoders[p.reference]) throw new Error(`analysis: reference arm ${p.reference} is not one of the ${p.encoders.length} encoders`);
  const settled = await settleBackend(p.backend);
  progress('reading', 0, 1);
  const set = await labelledSet(p.task, signal);
  const models: tf.LayersModel[] = [];
  try {
    const encoders: AnalysisEncoder[] = [];
    for (const e of p.encoders) {
      const model = await encoderFromFiles(e.encoder.files, e.name);
      models.push(model);
      const { info } = e.encoder;
      encoders.push({ name: e.name, model, arch: info.arch, norm: { size: info.inputSize, mean: info.mean, std: info.std } });
    }
    const others = encoders.map((_, i) => i).filter((i) => i !== p.reference);
    const pairs: [number, number][] = others.length ? others.map((i) => [p.reference, i]) : [[p.reference, p.reference]];
    const notes: string[] = [];
    if (p.finetune) {
      const arms = encoders.length;
      const tuned = await finetunedCopies(p, set, encoders, models, settled.name, signal, progress, notes);
      tuned.forEach((t) => {
        encoders.push(t.encoder);
        pairs.push([t.arm, encoders.length - 1]);
      });
      if (tuned.length) notes.push(`fine-tuned ${tuned.length} of ${arms} arms (${p.finetune.epochs} epochs at most) on the first evaluation run's train/val parts`);
    }
    const analysis = await analyzeEncoders(set, encoders, { seed: p.seed, tsne: true, gradcam: p.gradcam, pairs, tsneIterations: p.tsneIterations, signal, onProgress: progress });
    analysis.notes.push(...notes);
    const samples = [...new Set((analysis.gradcam ?? []).map((g) => g.sample))];
    return { analysis, images: samples.map((i) => imageOf(set, i, p.task.kind === 'proxy')), backend: settledLabel(settled) };
  } finally {
    for (const m of models) m.dispose();
  }
}

/** A fine-tuned copy of each arm's encoder (the experiment's fine-tune protocol, one run). */
async function finetunedCopies(
  p: AnalysisJobParams,
  set: LabelledSet,
  encoders: AnalysisEncoder[],
  /** Every model made is added here (the caller disposes them). */
  models: tf.LayersModel[],
  backend: string,
  signal: AbortSignal,
  progress: AnalysisProgress,
  notes: string[],
): Promise<{ arm: number; model: tf.LayersModel; encoder: AnalysisEncoder }[]> {
  const given = set.samples.some((s) => s.split !== undefined);
  const plan = planRuns(set.samples, given ? 1 : 2, p.seed).plans[0];
  const labels = set.samples.map((s) => set.classes.indexOf(s.label));
  const out: { arm: number; model: tf.LayersModel; encoder: AnalysisEncoder }[] = [];
  for (const [k, e] of p.encoders.entries()) {
    const base = encoders[k];
    if (!canFinetuneOn(backend, base.arch)) {
      notes.push(`${e.name}: not fine-tuned (${base.arch} cannot be fine-tuned on ${backend})`);
      continue;
    }
    progress('fine-tuning', k, p.encoders.length);
    const model = await encoderFromFiles(e.encoder.files, e.name);
    models.push(model);
    const d = EVAL_DEFAULTS;
    await finetune(model, { samples: set.samples, labels, train: plan.train, val: plan.val, test: [] }, base.norm, {
      classes: set.classes.length, epochs: p.finetune!.epochs, headOnlyEpochs: Math.min(d.headOnlyEpochs, Math.ceil(p.finetune!.epochs / 2)),
      batch: d.batch, lr: d.lrHead, lrEncoder: d.lrEncoder, patience: d.patience, seed: p.seed, signal,
    });
    out.push({ arm: k, model, encoder: { name: `${e.name} fine-tuned`, model, arch: base.arch, norm: base.norm } });
  }
  progress('fine-tuning', p.encoders.length, p.encoders.length);
  return out;
}
