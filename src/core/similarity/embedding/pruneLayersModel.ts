/**
 * Cut a Keras/TensorFlow.js layers model down to one layer and everything it depends on, before
 * any weight is turned into a tensor. The default embedder uses this to keep only the frozen
 * (ImageNet) part of nsfwjs's MobileNetV2; nothing after the chosen layer is ever loaded.
 *
 * Works on plain `ModelArtifacts` (topology JSON + one weight buffer), so it is pure data
 * manipulation and runs the same in Node, browsers and Workers.
 */
import type * as tf from '@tensorflow/tfjs';

/** One layer entry of a Keras functional model config (only the fields we read). */
interface KerasLayerJson {
  name: string;
  class_name: string;
  /** Each node: a list of [layerName, nodeIndex, tensorIndex, kwargs]. */
  inbound_nodes: Array<Array<[string, number, number, unknown?]>>;
  config: Record<string, unknown>;
}

interface KerasFunctionalConfig {
  name: string;
  layers: KerasLayerJson[];
  input_layers: Array<[string, number, number]>;
  output_layers: Array<[string, number, number]>;
}

/** Bytes per stored element for a weight spec (quantised weights are stored in their quantised dtype). */
function bytesPerElement(spec: tf.io.WeightsManifestEntry): number {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  switch (stored) {
    case 'uint8':
    case 'bool':
      return 1;
    case 'uint16':
    case 'float16':
      return 2;
    case 'float32':
    case 'int32':
      return 4;
    default:
      throw new Error(`weight '${spec.name}': unsupported stored dtype '${String(stored)}'`);
  }
}

/** The layer that owns a weight: Keras names weights "<layer>/<variable>". */
function ownerLayer(weightName: string): string {
  const slash = weightName.indexOf('/');
  return slash < 0 ? weightName : weightName.slice(0, slash);
}

/** Functional-model config inside a Keras topology, or an error naming what is wrong. */
export function functionalConfig(topology: unknown, source: string): KerasFunctionalConfig {
  const t = topology as { model_config?: { class_name?: string; config?: unknown } } | undefined;
  const modelConfig = t?.model_config ?? (topology as { class_name?: string; config?: unknown });
  const cls = modelConfig?.class_name;
  if (cls !== 'Model' && cls !== 'Functional') {
    throw new Error(`${source}: expected a Keras functional model (class_name Model/Functional), found '${String(cls)}'`);
  }
  return modelConfig.config as KerasFunctionalConfig;
}

/** Names of `target` and every layer it depends on (transitively through inbound nodes). */
export function ancestorLayers(config: KerasFunctionalConfig, target: string): Set<string> {
  const byName = new Map(config.layers.map((l) => [l.name, l]));
  if (!byName.has(target)) {
    throw new Error(`layer '${target}' not found (the model has ${config.layers.length} layers)`);
  }
  const keep = new Set<string>();
  const todo = [target];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (keep.has(name)) continue;
    keep.add(name);
    for (const node of byName.get(name)?.inbound_nodes ?? []) {
      for (const [parent] of node) todo.push(parent);
    }
  }
  return keep;
}

/** Concatenate the artifacts' weight data into one ArrayBuffer (tfjs allows a list of shards). */
function weightBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (!Array.isArray(data)) return data;
  const total = data.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

/**
 * Artifacts holding only `outputLayer` and its ancestors: the topology lists those layers (in the
 * original order) with `outputLayer` as the sole output, and the weight specs/data keep only
 * their weights (byte ranges copied in manifest order).
 */
export function pruneToLayer(artifacts: tf.io.ModelArtifacts, outputLayer: string, source = 'model'): tf.io.ModelArtifacts {
  const config = functionalConfig(artifacts.modelTopology, source);
  const keep = ancestorLayers(config, outputLayer);
  const specs = artifacts.weightSpecs ?? [];
  const data = new Uint8Array(weightBuffer(artifacts.weightData));
  const keptSpecs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1) * bytesPerElement(spec);
    if (keep.has(ownerLayer(spec.name))) {
      keptSpecs.push(spec);
      chunks.push(data.subarray(offset, offset + size));
    }
    offset += size;
  }
  if (offset !== data.byteLength) {
    throw new Error(`${source}: weight manifest describes ${offset} bytes but the weight data has ${data.byteLength}`);
  }
  const prunedConfig: KerasFunctionalConfig = {
    ...config,
    layers: config.layers.filter((l) => keep.has(l.name)),
    output_layers: [[outputLayer, 0, 0]],
  };
  const topology = artifacts.modelTopology as { model_config?: unknown };
  const modelTopology = topology.model_config
    ? { ...topology, model_config: { ...(topology.model_config as object), config: prunedConfig }, training_config: undefined }
    : { ...topology, config: prunedConfig };
  return {
    ...artifacts,
    modelTopology,
    trainingConfig: undefined,
    weightSpecs: keptSpecs,
    weightData: weightBuffer(chunks.map((c) => c.slice().buffer)),
  };
}
