/**
 * Bring your own TensorFlow.js model: a layers or graph model (model.json + weight shards) from a
 * URL, from files the user picked (browser/Worker), or from any tfjs IOHandler (the CLI reads
 * files from disk into `tf.io.fromMemory`).
 */
import * as tf from '@tensorflow/tfjs';
import { embedderFromGraphModel, embedderFromLayersModel } from './modelEmbedder';
import { pruneToLayer } from './pruneLayersModel';
import type { Embedder, ModelEmbedderOptions } from './types';

/** Where a model comes from: a model.json URL, picked files (model.json + shards), or an IOHandler. */
export type TfjsModelSource = string | File[] | tf.io.IOHandler;

export interface LoadTfjsEmbedderOptions extends ModelEmbedderOptions {
  /** Name used in errors and in the embedder id (default: the URL or the model.json file name). */
  name?: string;
}

function sourceName(source: TfjsModelSource): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source)) return source.find((f) => f.name.endsWith('.json'))?.name ?? 'picked files';
  return 'model';
}

function ioHandler(source: TfjsModelSource, name: string): tf.io.IOHandler {
  if (typeof source !== 'string' && !Array.isArray(source)) return source;
  if (Array.isArray(source)) {
    const json = source.filter((f) => f.name.endsWith('.json'));
    if (json.length !== 1) throw new Error(`${name}: pick exactly one model.json together with its weight files (found ${json.length} .json files)`);
    return tf.io.browserFiles([json[0], ...source.filter((f) => f !== json[0])]);
  }
  const handlers = tf.io.getLoadHandlers(source);
  if (handlers.length === 0) throw new Error(`${name}: no TensorFlow.js loader accepts this address (expected an http(s) URL or a path served by the app)`);
  return handlers[0];
}

/** True when the artifacts hold a graph model (converted SavedModel / frozen graph). */
export function isGraphModel(artifacts: tf.io.ModelArtifacts): boolean {
  const topology = artifacts.modelTopology as { node?: unknown } | undefined;
  return artifacts.format === 'graph-model' || Array.isArray(topology?.node);
}

/** True when the topology is a Keras functional model, which pruneToLayer can cut before loading. */
function isFunctional(artifacts: tf.io.ModelArtifacts): boolean {
  const t = artifacts.modelTopology as { model_config?: { class_name?: string }; class_name?: string } | undefined;
  const cls = t?.model_config?.class_name ?? t?.class_name;
  return cls === 'Model' || cls === 'Functional';
}

async function readArtifacts(source: TfjsModelSource, name: string): Promise<tf.io.ModelArtifacts> {
  const handler = ioHandler(source, name);
  if (!handler.load) throw new Error(`${name}: this source cannot be read`);
  try {
    return await handler.load();
  } catch (e) {
    throw new Error(`${name}: could not read the model (${(e as Error).message})`);
  }
}

/**
 * Load a tfjs model and wrap it as an Embedder. Layers models are cut at `opts.layer` (functional
 * models before their weights are loaded); graph models read `opts.layer` as an output node name.
 */
export async function loadTfjsEmbedder(source: TfjsModelSource, opts: LoadTfjsEmbedderOptions = {}): Promise<Embedder> {
  const name = opts.name ?? sourceName(source);
  let artifacts = await readArtifacts(source, name);
  if (!artifacts.modelTopology) throw new Error(`${name}: model.json has no modelTopology`);
  const wrap = { ...opts, source: name, ownsModel: true };
  if (isGraphModel(artifacts)) {
    const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    return embedderFromGraphModel(model, wrap);
  }
  if (opts.layer && isFunctional(artifacts)) artifacts = pruneToLayer(artifacts, opts.layer, name);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (e) {
    throw new Error(`${name}: not a loadable TensorFlow.js layers model (${(e as Error).message})`);
  }
  try {
    return embedderFromLayersModel(model, wrap);
  } catch (e) {
    model.dispose();
    throw e;
  }
}
