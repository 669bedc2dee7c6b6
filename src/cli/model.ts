/**
 * `--model PATH` for `similarity --method deepnet` and `reduce --method deepnet`: reads a
 * TensorFlow.js model (model.json + weight shards, layers or graph) or an ONNX model (.onnx, run by
 * onnxruntime-web's WebAssembly provider in Node) from disk and wraps it as a DeepNet Embedder.
 * Node only (file system); the core loaders stay browser/Node neutral.
 *
 * Flags (the command passes its argv through `takeModelFlags` and hands the rest to its own parser):
 *   --model PATH          model.json (or a folder that contains one), or a .onnx file
 *   --layer NAME          output layer (layers model), node (graph model) or output name (ONNX); default: model output
 *   --input-size H,W      default: the model's input shape, else 224,224
 *   --mean M[,M,M]        on the [0,1] gray scale, per channel; default 0
 *   --std S[,S,S]         default 1
 *   --channels 1|3        default: from the model's input shape (gray is replicated to 3)
 *   --pooling avg|max|flatten   default avg
 *   --layout NCHW|NHWC    ONNX only: input/output memory layout; default NCHW (PyTorch exports)
 *   --batch-size N        slices per forward pass (also for the bundled model)
 * A folder with ctsieve-encoder.json (written by `pretrain`) gives the input size and
 * normalisation defaults of its encoder.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadTfjsEmbedder } from '../core/similarity/embedding/loadTfjsEmbedder';
import type { Embedder, ModelEmbedderOptions, Pooling } from '../core/similarity/embedding/types';
import { readEncoderInfo } from '../core/ssl/node';
import { CliError } from './errors';

export const MODEL_FLAGS = ['--model', '--layer', '--input-size', '--mean', '--std', '--channels', '--pooling', '--layout', '--batch-size'] as const;
type ModelFlag = (typeof MODEL_FLAGS)[number];

export interface ModelFlags {
  /** Path given to --model (absent: the bundled default embedder). */
  model?: string;
  options: ModelEmbedderOptions & { layout?: 'NCHW' | 'NHWC' };
  batchSize?: number;
}

function numbers(flag: string, value: string, command: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const xs = parts.map(Number);
  if (parts.some((p) => p === '') || xs.some((x) => !Number.isFinite(x))) {
    throw new CliError(`${command}: ${flag} '${value}' must be a number or comma-separated numbers`);
  }
  return xs;
}

function positiveInt(flag: string, value: string, command: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1) throw new CliError(`${command}: ${flag} '${value}' must be a positive integer`);
  return x;
}

/** Turns the raw flag values into embedder options; a CliError names the first bad value. */
function toModelFlags(raw: Partial<Record<ModelFlag, string>>, command: string): ModelFlags {
  const options: ModelFlags['options'] = {};
  if (raw['--layer']) options.layer = raw['--layer'];
  if (raw['--input-size']) {
    const size = raw['--input-size'].split(',').map((p) => positiveInt('--input-size', p.trim(), command));
    if (size.length !== 2) throw new CliError(`${command}: --input-size '${raw['--input-size']}' must be H,W`);
    options.inputSize = [size[0], size[1]];
  }
  const norm: ModelEmbedderOptions['normalisation'] = {};
  if (raw['--mean']) {
    const m = numbers('--mean', raw['--mean'], command);
    norm.mean = m.length === 1 ? m[0] : m;
  }
  if (raw['--std']) {
    const s = numbers('--std', raw['--std'], command);
    if (s.some((v) => v === 0)) throw new CliError(`${command}: --std must not be 0`);
    norm.std = s.length === 1 ? s[0] : s;
  }
  if (raw['--channels']) {
    if (raw['--channels'] !== '1' && raw['--channels'] !== '3') throw new CliError(`${command}: --channels must be 1 or 3, got '${raw['--channels']}'`);
    norm.channels = raw['--channels'] === '1' ? 1 : 3;
  }
  if (Object.keys(norm).length) options.normalisation = norm;
  if (raw['--pooling']) {
    if (!['avg', 'max', 'flatten'].includes(raw['--pooling'])) throw new CliError(`${command}: --pooling must be avg, max or flatten, got '${raw['--pooling']}'`);
    options.pooling = raw['--pooling'] as Pooling;
  }
  if (raw['--layout']) {
    if (raw['--layout'] !== 'NCHW' && raw['--layout'] !== 'NHWC') throw new CliError(`${command}: --layout must be NCHW or NHWC, got '${raw['--layout']}'`);
    options.layout = raw['--layout'];
  }
  const batchSize = raw['--batch-size'] ? positiveInt('--batch-size', raw['--batch-size'], command) : undefined;
  const model = raw['--model'];
  const modelOnly = (['--layer', '--input-size', '--mean', '--std', '--channels', '--pooling', '--layout'] as const).filter((f) => raw[f] !== undefined);
  if (!model && modelOnly.length) throw new CliError(`${command}: ${modelOnly.join(', ')} need --model PATH (the bundled model's settings are fixed)`);
  return { model, options, batchSize };
}

/**
 * Removes the DeepNet model flags (`--flag value` or `--flag=value`) from argv and parses them.
 * `rest` is argv without them, for the command's own parser. `flags` is undefined when none was given.
 */
export function takeModelFlags(args: string[], command: string): { rest: string[]; flags?: ModelFlags } {
  const raw: Partial<Record<ModelFlag, string>> = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (!(MODEL_FLAGS as readonly string[]).includes(name)) {
      rest.push(a);
      continue;
    }
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
    if (value === undefined || value === '') throw new CliError(`${command}: ${name} needs a value`);
    if (raw[name as ModelFlag] !== undefined) throw new CliError(`${command}: ${name} given twice`);
    raw[name as ModelFlag] = value;
  }
  return { rest, flags: Object.keys(raw).length ? toModelFlags(raw, command) : undefined };
}

/** Argument check, before any volume is read: a --model path that is not there is named at once. */
export async function checkModelPath(flags: ModelFlags | undefined): Promise<void> {
  if (flags?.model !== undefined) await modelJsonPath(flags.model);
}

/** model.json itself, or the model.json inside a folder. */
async function modelJsonPath(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new CliError(`--model ${path}: no such file or folder`);
  }
  return info.isDirectory() ? join(path, 'model.json') : path;
}

/** Reads model.json and its weight shards (paths relative to model.json) into memory. */
export async function readTfjsModelFromDisk(path: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = await modelJsonPath(path);
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (e) {
    throw new CliError(`--model ${jsonPath}: not a readable model.json (${(e as Error).message})`);
  }
  if (!json.modelTopology) throw new CliError(`--model ${jsonPath}: no modelTopology (not a TensorFlow.js model.json)`);
  return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const shards = await Promise.all(
      manifest.flatMap((group) => group.paths).map(async (p) => {
        const file = join(dirname(jsonPath), p);
        try {
          const bytes = await readFile(file);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        } catch {
          throw new CliError(`--model ${jsonPath}: weight file ${file} is missing`);
        }
      }),
    );
    return [specs, tf.io.concatenateArrayBuffers(shards)];
  });
}

/**
 * A DeepNet Embedder from a model on disk (.onnx → onnxruntime-web, anything else → a tfjs
 * model.json). Settle the backend first (core/runtime settleBackend) so tfjs weights are created
 * on the backend that will run them. The caller disposes the embedder.
 */
export async function loadEmbedderFromPath(path: string, options: ModelFlags['options'] = {}): Promise<Embedder> {
  try {
    if (path.toLowerCase().endsWith('.onnx')) return await loadOnnxFromDisk(path, options);
    if (options.layout) throw new CliError(`--model ${path}: --layout applies to ONNX models only`);
    const artifacts = await readTfjsModelFromDisk(path);
    return await loadTfjsEmbedder(tf.io.fromMemory(artifacts), { ...(await encoderDefaults(path, options)), name: path });
  } catch (e) {
    throw e instanceof CliError ? e : new CliError((e as Error).message);
  }
}

/**
 * A ctsieve encoder directory (`pretrain`'s DIR/encoder) carries ctsieve-encoder.json: its input
 * size and normalisation ((u8/255 − mean)/std, one channel) become the defaults; flags still win.
 */
async function encoderDefaults(path: string, options: ModelFlags['options']): Promise<ModelFlags['options']> {
  const dir = (await stat(path)).isDirectory() ? path : dirname(path);
  let info;
  try {
    info = await readEncoderInfo(dir);
  } catch (e) {
    throw new CliError(`--model ${path}: ${(e as Error).message}`);
  }
  if (!info) return options;
  return {
    ...options,
    inputSize: options.inputSize ?? [info.inputSize, info.inputSize],
    normalisation: { channels: 1, mean: info.mean, std: info.std, ...options.normalisation },
    id: options.id ?? `ctsieve-encoder:${info.arch}:${path}`,
  };
}

/** ONNX in Node: onnxruntime-web's Node build (WebAssembly; it has no WebGPU provider). */
async function loadOnnxFromDisk(path: string, options: ModelFlags['options']): Promise<Embedder> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new CliError(`--model ${path}: no such file`);
  }
  const { loadOnnxEmbedder } = await import('../core/similarity/embedding/onnxEmbedder');
  return loadOnnxEmbedder(bytes, { ...options, name: path, executionProviders: ['wasm'] });
}
