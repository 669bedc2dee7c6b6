/**
 * `ctsieve confusability <input>... [--manifest M.json] [--embedding deepnet|pixels|encoder:DIR]
 *                       [--preset tiny|short|paper] [--anchors N] [--seed S] [--backend …] [--out F.json]`
 *
 * How often a different slice of the same volume is at least as alike as a second augmented view of
 * the same slice (DESIGN.md "Confusability", docs/experiments.md), per volume and for the data set:
 * all slices, or a manifest's kept ones. JSON on stdout, or to --out.
 */
import { writeFile } from 'node:fs/promises';
import type { BackendRequest } from '../../core/backend/types';
import { deepnetEmbedder, encoderEmbedder, measureConfusability, pixelsEmbedder, type ConfusabilityResult, type SliceEmbedder } from '../../core/confusability';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { PRESET_NAMES, type PresetName } from '../../core/ssl';
import { oneOf, parseOptionsWithInputs } from '../args';
import { loadEncoderDir } from '../encoderDir';
import { CliError } from '../errors';
import { loadVolumeSlices } from '../pretrainInputs';
import { prepareWebgpu, progressPrinter } from '../scores';

const CMD = 'confusability';
const OPTIONS = ['--manifest', '--embedding', '--preset', '--anchors', '--seed', '--backend', '--out'] as const;
type Option = (typeof OPTIONS)[number];
const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;

export interface ConfusabilityArgs {
  inputs: string[];
  manifest?: string;
  /** 'pixels', 'deepnet' or 'encoder:DIR'. */
  embedding: string;
  preset: PresetName;
  anchors?: number;
  seed: number;
  backend: BackendRequest;
  out?: string;
}

function wholeNumber(option: string, v: string, min: number): number {
  const x = Number(v);
  if (!Number.isInteger(x) || x < min) throw new CliError(`${CMD}: ${option} '${v}' must be a whole number ≥ ${min}`);
  return x;
}

/** argv → inputs and options (`--opt value` or `--opt=value`); several inputs allowed. */
export function parseConfusabilityArgs(args: string[]): ConfusabilityArgs {
  const { inputs, opts } = parseOptionsWithInputs<Option>(CMD, args, OPTIONS);
  const embedding = opts['--embedding'] ?? 'pixels';
  if (!['pixels', 'deepnet'].includes(embedding) && !(embedding.startsWith('encoder:') && embedding.length > 'encoder:'.length)) {
    throw new CliError(`${CMD}: --embedding '${embedding}' must be pixels, deepnet or encoder:DIR (a folder written by pretrain, e.g. encoder:run/encoder)`);
  }
  return {
    inputs,
    manifest: opts['--manifest'],
    embedding,
    preset: oneOf(CMD, '--preset', opts['--preset'] ?? 'short', PRESET_NAMES),
    anchors: opts['--anchors'] === undefined ? undefined : wholeNumber('--anchors', opts['--anchors'], 1),
    seed: opts['--seed'] === undefined ? 0 : wholeNumber('--seed', opts['--seed'], 0),
    backend: oneOf(CMD, '--backend', opts['--backend'] ?? 'auto', BACKENDS),
    out: opts['--out'],
  };
}

/** The embedder named by --embedding, on the settled backend; the model it loads is disposed by `dispose`. */
async function openEmbedder(embedding: string): Promise<SliceEmbedder> {
  if (embedding === 'pixels') return pixelsEmbedder();
  if (embedding === 'deepnet') return deepnetEmbedder();
  const dir = embedding.slice('encoder:'.length);
  const source = await loadEncoderDir(dir);
  const inner = encoderEmbedder(source.model, source.info, source.name);
  return { ...inner, dispose: () => source.model.dispose() };
}

/** The JSON of DESIGN.md: {embedding, preset, seed, volumes, dataset}. */
export function confusabilityJson(args: Pick<ConfusabilityArgs, 'embedding' | 'preset' | 'seed'>, result: ConfusabilityResult): string {
  return `${JSON.stringify({ embedding: args.embedding, preset: args.preset, seed: args.seed, volumes: result.volumes, dataset: result.dataset }, null, 1)}\n`;
}

async function selectBackend(backend: BackendRequest): Promise<string> {
  await prepareWebgpu(CMD, backend === 'wasm' ? 'cpu' : backend);
  if (backend === 'wasm' || backend === 'auto') await import('@tensorflow/tfjs-backend-wasm');
  try {
    return settledLabel(await settleBackend(backend));
  } catch (e) {
    throw new CliError(`${CMD}: --backend ${backend}: ${(e as Error).message}`);
  }
}

export default async function confusabilityCommand(argv: string[]): Promise<number> {
  const args = parseConfusabilityArgs(argv);
  const backend = await selectBackend(args.backend);
  const { volumes, summary } = await loadVolumeSlices(args.inputs, args.manifest, CMD);
  for (const line of summary) process.stderr.write(`ctsieve: ${line}\n`);
  const embedder = await openEmbedder(args.embedding);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  process.stderr.write(`ctsieve: ${CMD} in the ${args.embedding} embedding, ${args.preset} views, ${args.anchors ?? 'all'} anchors per volume, seed ${args.seed}, backend ${backend}\n`);
  let result: ConfusabilityResult;
  try {
    result = await measureConfusability(
      volumes.map((v) => ({ id: v.id, slices: v.stack.pixels, rows: v.stack.rows, cols: v.stack.cols, ...(v.kept ? { indices: v.kept } : {}) })),
      embedder,
      { preset: args.preset, anchors: args.anchors, seed: args.seed, signal: controller.signal, onProgress: progressPrinter(`${CMD} views`) },
    );
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      process.stderr.write(`ctsieve: ${CMD}: stopped\n`);
      return 130;
    }
    throw new CliError(`${CMD}: ${(e as Error).message}`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    embedder.dispose?.();
  }
  for (const v of result.volumes) process.stderr.write(`ctsieve: ${v.id}: ${v.slices} slices, ${v.anchors} anchors, confusable rate ${v.confusableRate.toFixed(4)}\n`);
  process.stderr.write(`ctsieve: dataset: ${result.dataset.slices} slices, ${result.dataset.anchors} anchors, confusable rate ${result.dataset.confusableRate.toFixed(4)}\n`);
  const json = confusabilityJson(args, result);
  if (args.out) {
    try {
      await writeFile(args.out, json);
    } catch (e) {
      throw new CliError(`${CMD}: --out ${args.out}: ${(e as Error).message}`);
    }
  } else process.stdout.write(json);
  return 0;
}
