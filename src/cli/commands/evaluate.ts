/**
 * `ctsieve evaluate <labelled> (--encoder DIR/encoder | --scratch) [--arch tiny|resnet18|mobilenetv2]
 *                   [--input-size S] [--width W] [--protocol linear|finetune] [--runs 5 | --folds 5]
 *                   [--epochs E] [--seed S] [--batch B] [--backend auto|webgpu|wasm|cpu]
 *                   [--out report.json] [--proxy]`
 * `ctsieve evaluate --compare a.json b.json … [--out table.json]`
 *
 * <labelled>: a folder of class sub-folders (optionally under train/ val/ test/), a CSV
 * `path,label[,group][,split]`, a MedMNIST-style .npz or a COVID-CT repository folder (every file is
 * read and checked before the first training step); with --proxy, volumes for the built-in proxy task (thirds along z,
 * reported beside a raw-pixel baseline). Writes the report JSON
 *   {task, protocol, classes, encoder, runs: [{auc, f1, accuracy, …}], mean, std, …}
 * to stdout or --out, plus a CSV beside --out. Progress and the summary go to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { evaluateEncoder, type EncoderSource, type EvalProgress, type EvaluateOptions, type EvaluationReport, type LabelledSet } from '../../core/eval';
import { canFinetuneOn } from '../../core/eval/fastConvGrad';
import { PROXY_PIXEL_BASELINE, proxyTask } from '../../core/eval/proxy';
import { reportToCsv } from '../../core/eval/report';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { readVolumes, VolumeReadError } from '../../core/volume';
import type { BackendRequest } from '../../core/backend/types';
import { loadEncoderDir, readEncoderInfo } from '../encoderDir';
import { collectInputFiles } from '../io';
import { readLabelledInput } from '../labelledInput';
import { CliError } from '../errors';
import { prepareWebgpu } from '../scores';
import { parseEvaluateArgs, type EvaluateArgs } from '../evaluate/args';
import compareCommand from '../evaluate/compare';

const C = 'evaluate';

/**
 * The tfjs backend for training, settled once for the process. Fine-tuning computes conv gradients
 * as forward convs (core/eval/fastConvGrad), so it runs on wasm too — except MobileNetV2, whose
 * depthwise-conv gradients wasm lacks: it settles on cpu where 'auto' would pick wasm.
 */
async function settleTrainingBackend(request: BackendRequest, protocol: EvaluateArgs['protocol'], arch: string): Promise<string> {
  if (request === 'auto' || request === 'webgpu') await prepareWebgpu(C, request);
  await import('@tensorflow/tfjs-backend-wasm');
  const finetune = protocol === 'finetune';
  if (finetune && !canFinetuneOn(request, arch)) throw new CliError(`${C}: --backend wasm cannot fine-tune ${arch} (tfjs wasm has no depthwise-convolution gradient kernels); use cpu or webgpu, or --protocol linear`);
  try {
    const settled = await settleBackend(request);
    if (finetune && !canFinetuneOn(settled.name, arch)) {
      await settleBackend('cpu');
      return `cpu (auto: ${settledLabel(settled)} cannot train ${arch}'s depthwise convolutions)`;
    }
    return settledLabel(settled);
  } catch (e) {
    throw new CliError(`${C}: ${(e as Error).message}`);
  }
}

async function proxySet(input: string): Promise<LabelledSet> {
  try {
    const { volumes } = await readVolumes(await collectInputFiles(input));
    return proxyTask(volumes.map((v) => {
      const s = toUint8Stack(v);
      const len = s.rows * s.cols;
      return { id: v.name && v.name !== '.' ? v.name : input, slices: { count: s.n, rows: s.rows, cols: s.cols, slice: (i: number) => s.pixels.subarray(i * len, (i + 1) * len) } };
    }));
  } catch (e) {
    if (e instanceof VolumeReadError) throw new CliError(e.message);
    throw e;
  }
}

function progressLine(): (p: EvalProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 2000) return;
    last = now;
    const loss = p.valLoss === undefined ? '' : `, val loss ${p.valLoss.toFixed(4)}`;
    process.stderr.write(`ctsieve: evaluate run ${p.run + 1}/${p.runs} epoch ${p.epoch}/${p.epochs} (${p.phase}${loss})\n`);
  };
}

/** The contract's keys first, in its order; the rest after. */
function reportJson(r: EvaluationReport, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { task, protocol, classes, encoder, runs, mean, std, ...rest } = r;
  return { task, protocol, classes, encoder, runs, mean, std, ...rest, ...extra };
}

const pm = (r: EvaluationReport) => `AUC ${r.mean.auc.toFixed(3)} ± ${r.std.auc.toFixed(3)}, F1 ${r.mean.f1.toFixed(3)} ± ${r.std.f1.toFixed(3)}, accuracy ${r.mean.accuracy.toFixed(3)} ± ${r.std.accuracy.toFixed(3)}`;

export default async function evaluateCommand(args: string[]): Promise<number> {
  if (args.includes('--compare')) return compareCommand(args);
  const a = parseEvaluateArgs(args);
  const arch = a.encoder.kind === 'dir' ? (await readEncoderInfo(a.encoder.dir)).arch : a.encoder.arch;
  const backend = await settleTrainingBackend(a.backend, a.protocol, arch);
  const encoder: EncoderSource = a.encoder.kind === 'dir' ? await loadEncoderDir(a.encoder.dir) : { kind: 'scratch', spec: { arch: a.encoder.arch, inputSize: a.encoder.inputSize, ...(a.encoder.width ? { width: a.encoder.width } : {}) } };
  const inputSize = encoder.kind === 'model' ? encoder.info.inputSize : encoder.kind === 'scratch' ? encoder.spec.inputSize : undefined;
  // Slices are stored at the encoder's input size as they are read: memory N·S², not N·rows·cols.
  const set = a.proxy ? await proxySet(a.input) : await readLabelledInput(a.input, { resizeTo: inputSize });
  const counts = set.classes.map((c) => `${c} ${set.samples.filter((s) => s.label === c).length}`).join(', ');
  process.stderr.write(`ctsieve: evaluate ${set.isProxy ? 'PROXY TASK ' : ''}${set.task}: ${set.samples.length} slices (${counts}); ${a.protocol}, ${a.runs} runs, on ${backend}\n`);
  const opts: EvaluateOptions = { protocol: a.protocol, runs: a.runs, epochs: a.epochs, seed: a.seed, ...(a.batch ? { batch: a.batch } : {}), onProgress: progressLine() };
  let report: EvaluationReport;
  let baseline: EvaluationReport | undefined;
  try {
    report = { ...(await evaluateEncoder(set, encoder, opts)), backend };
    if (set.isProxy) baseline = { ...(await evaluateEncoder(set, PROXY_PIXEL_BASELINE, { ...opts, protocol: 'linear' })), backend };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${C}: ${(e as Error).message}`);
  } finally {
    if (encoder.kind === 'model') encoder.model.dispose();
  }
  process.stderr.write(`ctsieve: ${report.encoder.name}: ${pm(report)} (${report.runs.length} runs, ${report.seconds.toFixed(1)} s)\n`);
  if (baseline) process.stderr.write(`ctsieve: ${baseline.encoder.name} (baseline): ${pm(baseline)}\n`);
  for (const n of report.notes) process.stderr.write(`ctsieve: note: ${n}\n`);
  const text = `${JSON.stringify(reportJson(report, baseline ? { baseline: reportJson(baseline) } : {}), null, 2)}\n`;
  if (a.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  const csvPath = a.out.replace(/\.json$/i, '') + '.csv';
  await writeFile(a.out, text);
  await writeFile(csvPath, reportToCsv(report) + (baseline ? reportToCsv(baseline).split('\n').slice(1).join('\n') : ''));
  process.stderr.write(`ctsieve: report → ${a.out}, ${csvPath}\n`);
  return 0;
}
