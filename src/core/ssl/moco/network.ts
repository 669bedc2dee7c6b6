/**
 * MoCo v2's encoder f: backbone (an EncoderGraph) → MLP head Linear(F, hidden) → ReLU →
 * Linear(hidden, out) → L2-normalise (moco/builder.py with `mlp=True`; no BatchNorm in the head).
 * Head names follow golden_moco.py: fc1, fc2. The key encoder is a second ParamSet with the same
 * names, started as a copy of the query encoder and never given gradients.
 */
import * as tf from '@tensorflow/tfjs';
import { bnNames, graphParams, type EncoderGraph } from '../encoders/graph';
import { backboneForward } from '../swav/forward';
import type { BatchStats } from '../swav/batchNorm';
import { l2Normalise } from '../swav/head';
import { linearValues, ParamSet, type TensorValues } from '../common/paramSet';
import { Rng } from '../rng';

export interface MocoNetSpec {
  graph: EncoderGraph;
  hiddenDim: number;
  outputDim: number;
}

export const MOCO_HEAD = ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias'];

export function mocoParamNames(spec: MocoNetSpec): string[] {
  return [...graphParams(spec.graph).map((p) => p.name), ...MOCO_HEAD];
}

/** Adds the head's PyTorch-style initial values to the backbone's (seeded). */
export function addMocoHead(values: TensorValues, spec: MocoNetSpec, seed: number): TensorValues {
  const rng = new Rng(seed ^ 0x3c0c0);
  linearValues(values, 'fc1', spec.graph.featureDim, spec.hiddenDim, rng);
  linearValues(values, 'fc2', spec.hiddenDim, spec.outputDim, rng);
  return values;
}

export function mocoNet(label: string, spec: MocoNetSpec, values: TensorValues, trainable: boolean): ParamSet {
  return new ParamSet(label, mocoParamNames(spec), bnNames(spec.graph), values, trainable);
}

/** normalize(fc2(relu(fc1(backbone(x))))) for x [N, H, W, 1], training-mode BN (batch statistics recorded). */
export function mocoEncode(net: ParamSet, graph: EncoderGraph, x: tf.Tensor4D, record: BatchStats[]): tf.Tensor2D {
  const g = (n: string) => net.get(n);
  const f = backboneForward(graph, x, g, { training: true, record });
  const h = tf.relu(tf.matMul(f, g('fc1.weight')).add(g('fc1.bias'))) as tf.Tensor2D;
  return l2Normalise(tf.matMul(h, g('fc2.weight')).add(g('fc2.bias')) as tf.Tensor2D);
}
