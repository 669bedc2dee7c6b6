/**
 * Encoders (contract A). `encoderGraph(spec)` describes the backbone once; the export form is built
 * from it by `buildEncoderLayersModel`, the training form by ../swav/forward.ts.
 * MobileNetV2's graph and start weights come from nsfwjs (async): `loadMobileNetV2Trunk()`.
 */
import * as tf from '@tensorflow/tfjs';
import { resnet18Graph, tinyGraph } from './architectures';
import { graphParams, type EncoderGraph } from './graph';
import { initialValues } from './init';
import { graphToLayersModel } from './layersModel';
import { Rng } from '../rng';
import type { EncoderSpec } from './types';

export type { EncoderArch, EncoderSpec, EncoderInfo, EncoderProvenance } from './types';
export { ENCODER_ARCHS, ENCODER_INFO_FILE, PYTORCH_MODULE, hasPytorchNames } from './types';
export type { EncoderGraph, EncoderNode } from './graph';
export { graphToLayersModel } from './layersModel';

/** Graph of a from-scratch architecture (mobilenetv2's graph is read from nsfwjs: see loadMobileNetV2Trunk). */
export function encoderGraph(spec: EncoderSpec): EncoderGraph {
  switch (spec.arch) {
    case 'tiny':
      return tinyGraph();
    case 'resnet18':
      return resnet18Graph(spec.width ?? 64);
    case 'mobilenetv2':
      throw new Error("mobilenetv2's graph comes from the bundled nsfwjs model: await loadMobileNetV2Trunk() (src/core/ssl/encoders/mobilenetv2.ts)");
  }
}

/** Seeded from-scratch weights (PyTorch's default initialisation for these modules), by parameter name. */
export function initialWeights(graph: EncoderGraph, arch: EncoderSpec['arch'], seed: number): Map<string, { shape: number[]; data: Float32Array }> {
  const rng = new Rng(seed);
  const convInit = arch === 'resnet18' ? 'kaimingNormalFanOut' : 'kaimingUniform';
  return new Map(graphParams(graph).map((p) => [p.name, { shape: p.shape, data: initialValues(p, rng, convInit) }]));
}

/** A freshly initialised encoder in the export form (the from-scratch baseline); the caller disposes it. */
export function buildEncoderLayersModel(spec: EncoderSpec, seed = 0): tf.LayersModel {
  const graph = encoderGraph(spec);
  const weights = initialWeights(graph, spec.arch, seed);
  const made: tf.Tensor[] = [];
  try {
    return graphToLayersModel(graph, spec.inputSize, (name) => {
      const w = weights.get(name);
      if (!w) throw new Error(`encoder ${spec.arch}: no initial value for ${name}`);
      const t = tf.tensor(w.data, w.shape);
      made.push(t);
      return t;
    });
  } finally {
    tf.dispose(made); // setWeights copied them into the layers' variables
  }
}
