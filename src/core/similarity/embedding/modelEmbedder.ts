/**
 * Wrap a TensorFlow.js model as an Embedder: cut it at the chosen layer (layers models) or read
 * the chosen node (graph models), normalise the [0, 1] gray input as configured, and pool the
 * output to one vector per image. This is also the hook for the SwAV encoder trained in the
 * browser: `embedderFromLayersModel(encoder, {...})`.
 */
import * as tf from '@tensorflow/tfjs';
import { normaliseInput, poolToVectors } from './preprocess';
import type { Embedder, InputNormalisation, ModelEmbedderOptions, Pooling } from './types';

const DEFAULT_INPUT_SIZE: [number, number] = [224, 224];

/** The fixed [h, w, c] of a model input shape [batch, h, w, c], with null for free dimensions. */
function inputDims(shape: ReadonlyArray<number | null> | undefined, source: string): [number | null, number | null, number | null] {
  if (!shape || shape.length !== 4) {
    throw new Error(`${source}: expected an image input [batch, height, width, channels], got ${JSON.stringify(shape)}`);
  }
  const dim = (v: number | null) => (v === null || v < 0 ? null : v);
  return [dim(shape[1]), dim(shape[2]), dim(shape[3])];
}

/** Input size and normalisation from the model's input shape and the user's options; errors name the conflict. */
export function resolveInput(
  shape: ReadonlyArray<number | null> | undefined,
  opts: ModelEmbedderOptions,
  source: string,
): { inputSize: [number, number]; normalisation: InputNormalisation } {
  const [h, w, c] = inputDims(shape, source);
  const wanted = opts.inputSize;
  if (wanted && ((h !== null && wanted[0] !== h) || (w !== null && wanted[1] !== w))) {
    throw new Error(`${source}: input size ${wanted.join('×')} does not match the model's fixed input ${h}×${w}`);
  }
  const inputSize: [number, number] = wanted ?? [h ?? DEFAULT_INPUT_SIZE[0], w ?? DEFAULT_INPUT_SIZE[1]];
  if (inputSize.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`${source}: input size must be two positive integers, got ${JSON.stringify(inputSize)}`);
  }
  const channels = opts.normalisation?.channels ?? (c === 1 ? 1 : 3);
  if (c !== null && c !== channels) throw new Error(`${source}: model takes ${c} channels, normalisation asks for ${channels}`);
  if (channels !== 1 && channels !== 3) throw new Error(`${source}: only 1- or 3-channel inputs are supported, model takes ${channels}`);
  const normalisation = { channels, mean: opts.normalisation?.mean ?? 0, std: opts.normalisation?.std ?? 1 };
  return { inputSize, normalisation };
}

/** Length of the pooled vector, found by embedding one blank image (shapes can be partly unknown). */
function probeDim(embed: (x: tf.Tensor4D) => tf.Tensor2D, inputSize: [number, number]): number {
  const blank = tf.zeros([1, inputSize[0], inputSize[1], 1]) as tf.Tensor4D;
  const vec = embed(blank);
  const dim = vec.shape[1];
  tf.dispose([blank, vec]);
  return dim;
}

/** The named layer's output as the model output; the error lists a few layer names to pick from. */
function cutAtLayer(model: tf.LayersModel, layer: string | undefined, source: string): tf.LayersModel {
  if (!layer) return model;
  const found = model.layers.find((l) => l.name === layer);
  if (!found) {
    const names = model.layers.map((l) => l.name);
    const hint = names.length > 12 ? `${names.slice(-12).join(', ')} (last 12 of ${names.length})` : names.join(', ');
    throw new Error(`${source}: no layer named '${layer}'; layers: ${hint}`);
  }
  if (Array.isArray(found.output)) throw new Error(`${source}: layer '${layer}' has several outputs; pick a single-output layer`);
  return tf.model({ inputs: model.inputs, outputs: found.output });
}

export interface WrapOptions extends ModelEmbedderOptions {
  /** Dispose the model together with the embedder (true for models we loaded ourselves). */
  ownsModel?: boolean;
  /** Names the model in errors and in the generated id, e.g. a file name. */
  source?: string;
}

function describe(opts: WrapOptions, kind: string, layer: string, pooling: Pooling, norm: InputNormalisation, size: [number, number]) {
  const source = opts.source ?? 'model';
  return {
    id: opts.id ?? `${kind}:${source}#${layer}`,
    description: opts.description ?? `${kind} model ${source}, output '${layer}', ${pooling}-pooled`,
    params: { model: source, layer, pooling, inputSize: size, normalisation: norm },
  };
}

/** An Embedder over a tf.LayersModel (a loaded user model, or an encoder trained in the app). */
export function embedderFromLayersModel(model: tf.LayersModel, opts: WrapOptions = {}): Embedder {
  const source = opts.source ?? model.name;
  const cut = cutAtLayer(model, opts.layer, source);
  const { inputSize, normalisation } = resolveInput(model.inputs[0]?.shape, opts, source);
  const pooling = opts.pooling ?? 'avg';
  const embed = (batch: tf.Tensor4D) =>
    tf.tidy(() => {
      const out = cut.predict(normaliseInput(batch, normalisation));
      if (Array.isArray(out)) throw new Error(`${source}: the chosen output gives several tensors`);
      return poolToVectors(out, pooling);
    });
  const layer = opts.layer ?? cut.outputs[0].sourceLayer.name;
  return {
    ...describe({ ...opts, source }, 'tfjs-layers', layer, pooling, normalisation, inputSize),
    inputSize,
    backend: tf.getBackend(),
    dim: probeDim(embed, inputSize),
    embed,
    dispose: () => {
      if (opts.ownsModel) model.dispose();
    },
  };
}

/** An Embedder over a tf.GraphModel; `layer` is an output node name (default: the model output). */
export function embedderFromGraphModel(model: tf.GraphModel, opts: WrapOptions = {}): Embedder {
  const source = opts.source ?? 'graph model';
  const { inputSize, normalisation } = resolveInput(model.inputs[0]?.shape, opts, source);
  const pooling = opts.pooling ?? 'avg';
  const outputNode = opts.layer;
  const embed = (batch: tf.Tensor4D) =>
    tf.tidy(() => {
      const x = normaliseInput(batch, normalisation);
      const out = outputNode ? model.execute(x, outputNode) : model.execute(x);
      if (Array.isArray(out)) throw new Error(`${source}: the model has several outputs; choose one with the layer option`);
      return poolToVectors(out, pooling);
    });
  let dim: number;
  try {
    dim = probeDim(embed, inputSize);
  } catch (e) {
    throw new Error(`${source}: running the graph model failed (${(e as Error).message})`);
  }
  return {
    ...describe({ ...opts, source }, 'tfjs-graph', outputNode ?? model.outputs[0]?.name ?? 'output', pooling, normalisation, inputSize),
    inputSize,
    backend: tf.getBackend(),
    dim,
    embed,
    dispose: () => {
      if (opts.ownsModel) model.dispose();
    },
  };
}
