/**
 * `ctsieve pretrain <input>... [--manifest M.json] [--method swav|moco|mim] [--config tiny|short|paper] [--arch tiny|resnet18|mobilenetv2]
 *                  [--input-size S] [--steps N] [--batch B] [--seed S] [--backend auto|webgpu|wasm|cpu]
 *                  [--time-budget SECONDS] --out-dir DIR [--resume]`
 *
 * Pre-training with SwAV (default), MoCo v2 or the dense masked-image-modelling control (docs/pretraining.md). Writes DIR/history.json, DIR/encoder/ (tfjs layers model
 * + ctsieve-encoder.json), DIR/encoder.safetensors (PyTorch names: torchvision's for resnet18, golden_swav.py's Tiny backbone for tiny) and
 * DIR/checkpoint/ (every ~10% of the run, on Ctrl-C and at the end). `--resume` continues from
 * DIR/checkpoint with its stored config: options equal to the checkpoint's are accepted, only
 * --steps / --time-budget may change (../pretrainResume.ts). An <input> folder holding several
 * volumes (DICOM series, NIfTI files, …) trains on all of them, found as `dataset reduce` finds them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { ENCODER_ARCHS, encoderToSafetensors, hasPytorchNames, methodPreset, PRESET_NAMES, pretrain, SSL_METHODS, type PretrainConfig, type PresetName, type StepMetrics } from '../../core/ssl';
import { loadCheckpointDir, saveCheckpointDir, saveEncoderDir, writeAtomic } from '../../core/ssl/node';
import type { BackendRequest } from '../../core/backend/types';
import { oneOf, parseOptionsWithInputs } from '../args';
import { loadTrainingData } from '../pretrainInputs';
import { historyJson } from '../pretrainHistory';
import { resumeConfig, type ResumeRequest } from '../pretrainResume';
import { CliError } from '../errors';
import { prepareWebgpu } from '../scores';

const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;
const OPTIONS = ['--manifest', '--method', '--config', '--arch', '--input-size', '--steps', '--batch', '--seed', '--backend', '--out-dir', '--time-budget'] as const;
type Option = (typeof OPTIONS)[number];
const SWITCHES = ['--resume'] as const;
type Switch = (typeof SWITCHES)[number];

export interface PretrainArgs {
  inputs: string[];
  manifest?: string;
  outDir: string;
  resume: boolean;
  backend: BackendRequest;
  config: PretrainConfig;
  /** Options the user gave explicitly (for --resume checks). */
  given: Set<string>;
  /** For --resume: the preset --config named (when given) and what the options set. */
  resumeRequest: ResumeRequest;
}

function positiveInt(option: string, v: string): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < 1) throw new CliError(`pretrain: ${option} '${v}' must be a positive integer`);
  return x;
}

/** argv → inputs and options (`--opt value` or `--opt=value`); several inputs allowed. */
export function parsePretrainArgs(args: string[]): PretrainArgs {
  const parsed = parseOptionsWithInputs<Option | Switch>('pretrain', args, [...OPTIONS, ...SWITCHES], SWITCHES);
  const inputs = parsed.inputs;
  // The switch apart: `opts` holds the options with values only (their keys are the `given` set).
  const { '--resume': resumeSwitch, ...opts } = parsed.opts;
  const resume = resumeSwitch === 'true';
  if (!opts['--out-dir']) throw new CliError('pretrain: --out-dir DIR is required');
  const preset = oneOf('pretrain', '--config', opts['--config'] ?? 'short', PRESET_NAMES) as PresetName;
  const method = oneOf('pretrain', '--method', opts['--method'] ?? 'swav', SSL_METHODS);
  const overrides: Partial<PretrainConfig> = {};
  if (opts['--arch']) {
    overrides.arch = oneOf('pretrain', '--arch', opts['--arch'], ENCODER_ARCHS);
    if (overrides.arch !== 'resnet18') overrides.width = undefined;
    if (overrides.arch === 'mobilenetv2') Object.assign(overrides, { mean: 0, std: 1 }); // what its ImageNet weights expect
  }
  if (opts['--input-size']) {
    const s = positiveInt('--input-size', opts['--input-size']);
    const base = methodPreset(method, preset);
    overrides.inputSize = s;
    overrides.cropSizes = [s, Math.max(8, Math.round((s * base.cropSizes[1]) / base.cropSizes[0]))];
    // Keep the preset's crop-to-slice proportion (short: 64² crops from 96² slices).
    if (base.sourceSize !== undefined) overrides.sourceSize = Math.round((s * base.sourceSize) / base.cropSizes[0]);
  }
  if (opts['--steps']) Object.assign(overrides, { steps: positiveInt('--steps', opts['--steps']), epochs: undefined });
  if (opts['--batch']) overrides.batch = positiveInt('--batch', opts['--batch']);
  if (opts['--seed']) {
    const seed = Number(opts['--seed']);
    if (!Number.isInteger(seed) || seed < 0) throw new CliError(`pretrain: --seed '${opts['--seed']}' must be a whole number ≥ 0`);
    overrides.seed = seed;
  }
  if (opts['--time-budget']) {
    const t = Number(opts['--time-budget']);
    if (!(t > 0)) throw new CliError(`pretrain: --time-budget '${opts['--time-budget']}' must be a positive number of seconds`);
    overrides.timeBudgetSeconds = t;
  }
  return {
    inputs,
    manifest: opts['--manifest'],
    outDir: opts['--out-dir'],
    resume,
    backend: oneOf('pretrain', '--backend', opts['--backend'] ?? 'auto', BACKENDS),
    config: methodPreset(method, preset, overrides),
    given: new Set(Object.keys(opts)),
    resumeRequest: { preset: opts['--config'] ? preset : undefined, method: opts['--method'] ? method : undefined, overrides, given: new Set(Object.keys(opts)) },
  };
}

function stepLine(m: StepMetrics, total: number, config: PretrainConfig): string {
  const eta = m.etaSeconds === undefined ? '' : ` ETA ${m.etaSeconds.toFixed(0)} s`;
  const head = `ctsieve: pretrain step ${m.step + 1}/${total} loss ${m.loss.toFixed(4)}`;
  const tail = `lr ${m.lr.toExponential(2)} ${m.imagesPerSecond.toFixed(1)} img/s${eta}\n`;
  if (config.method === 'mim') return `${head} (predicting 0: ${m.zeroPredictionLoss?.toFixed(4)}) ${tail}`;
  if (config.method === 'moco') {
    return `${head} (ln(1+K) ${m.lnK.toFixed(3)}) positive ${m.positiveSimilarity?.toFixed(3)} negative ${m.negativeSimilarity?.toFixed(3)} top-1 ${m.top1?.toFixed(2)} ${tail}`;
  }
  const k = config.prototypes;
  return `ctsieve: pretrain step ${m.step + 1}/${total} loss ${m.loss.toFixed(4)} (ln K ${m.lnK.toFixed(3)}) sampleEntropy ${m.sampleEntropy.toFixed(3)} meanEntropy ${m.meanEntropy.toFixed(3)} codeEntropy ${m.codeEntropy?.toFixed(3) ?? '-'} prototypes ${m.prototypesUsed}/${k} lr ${m.lr.toExponential(2)} ${m.imagesPerSecond.toFixed(1)} img/s${eta}\n`;
}

/**
 * The training backend. `auto` takes a hardware GPU when there is one, else wasm (the fastest CPU
 * trainer, docs/pretraining.md): a software WebGPU/WebGL (SwiftShader) is passed over, since it
 * trains ~100× slower than wasm.
 */
async function selectBackend(backend: BackendRequest): Promise<string> {
  await prepareWebgpu('pretrain', backend === 'wasm' ? 'cpu' : backend);
  if (backend === 'wasm' || backend === 'auto') await import('@tensorflow/tfjs-backend-wasm');
  try {
    // Settled once for the process; 'auto' passes over a software GPU (SwiftShader trains ~20× slower than tfjs wasm here).
    return settledLabel(await settleBackend(backend));
  } catch (e) {
    throw new CliError(`pretrain: --backend ${backend}: ${(e as Error).message}`);
  }
}

export default async function pretrainCommand(argv: string[]): Promise<number> {
  const args = parsePretrainArgs(argv);
  const checkpointDir = join(args.outDir, 'checkpoint');
  let config = args.config;
  const resumeFrom = args.resume ? await loadCheckpointDir(checkpointDir).catch((e: Error) => Promise.reject(new CliError(`pretrain: --resume: ${e.message}`))) : undefined;
  if (resumeFrom) config = resumeConfig(args.resumeRequest, resumeFrom.config);
  const backend = await selectBackend(args.backend);
  const { data, summary } = await loadTrainingData(args.inputs, args.manifest);
  for (const line of summary) process.stderr.write(`ctsieve: ${line}\n`);
  process.stderr.write(`ctsieve: pretrain ${config.method ?? 'swav'} ${config.preset} (${config.arch}) on ${data.count} slices, backend ${backend}${resumeFrom ? `, resuming at step ${resumeFrom.step}` : ''}\n`);
  await mkdir(args.outDir, { recursive: true });

  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write('ctsieve: pretrain: stopping after this step (checkpoint follows)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let lastLine = 0;
  const total = config.epochs === undefined ? config.steps : config.epochs * Math.ceil(data.count / config.batch);
  let result;
  try {
    result = await pretrain(data, config, {
      signal: controller.signal,
      checkpointEvery: Math.max(1, Math.round(total / 10)),
      onCheckpoint: (c) => saveCheckpointDir(checkpointDir, c),
      onWarning: (w) => process.stderr.write(`ctsieve: warning: ${w}\n`),
      onStep: (m) => {
        if (Date.now() - lastLine >= 1000 || m.step + 1 === total) {
          lastLine = Date.now();
          process.stderr.write(stepLine(m, total, config));
        }
      },
    }, resumeFrom);
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      process.stderr.write(`ctsieve: pretrain: stopped; resume with --resume (checkpoint in ${checkpointDir})\n`);
      return 130;
    }
    throw new CliError(`pretrain: ${(e as Error).message}`);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  try {
    await writeAtomic(join(args.outDir, 'history.json'), historyJson(result.history));
    await saveEncoderDir(join(args.outDir, 'encoder'), result.encoder, result.info);
    // DESIGN.md's contract: always written. MobileNetV2 has no PyTorch twin, so its names are nsfwjs's Keras ones: say so.
    await writeFile(join(args.outDir, 'encoder.safetensors'), await encoderToSafetensors(result.encoder, result.info, result.batchesTracked));
    if (!hasPytorchNames(result.info.arch)) {
      process.stderr.write(`ctsieve: pretrain: encoder.safetensors for ${result.info.arch} carries nsfwjs's Keras layer names (no PyTorch module loads it); use the tfjs encoder in encoder/\n`);
    }
  } finally {
    result.encoder.dispose();
  }
  const h = result.history;
  if (h.collapseReason) process.stderr.write(`ctsieve: warning: ${h.collapseReason}\n`);
  process.stderr.write(`ctsieve: pretrain done: ${h.steps.length} steps in ${h.seconds.toFixed(1)} s (${h.imagesPerSecond.toFixed(1)} img/s) → ${args.outDir}\n`);
  return 0;
}
