/**
 * Dense masked-image modelling (a control for the contrastive methods; not SparK, which runs
 * sparse convolutions over the visible patches only). Encoder: the backbone without its global
 * pooling, a feature map [N, H/s, W/s, C] at output stride s. Decoder (light, one layer, as
 * SimMIM's head): a 1×1 conv C → s² and pixel shuffle back to [N, H, W, 1]:
 *   pred[n, y·s + i, x·s + j] = Σ_c f[n, y, x, c]·W[c, i·s + j] + b[i·s + j]   (torch pixel_shuffle order)
 * Parameter names: the backbone's, then `decoder.weight` (HWIO [1, 1, C, s²]) and `decoder.bias`.
 */
import * as tf from '@tensorflow/tfjs';
import { bnNames, graphParams, type EncoderGraph } from '../encoders/graph';
import { uniform } from '../encoders/init';
import { backboneForward } from '../swav/forward';
import type { BatchStats } from '../swav/batchNorm';
import { ParamSet, type TensorValues } from '../common/paramSet';
import { Rng } from '../rng';

export const MIM_DECODER = ['decoder.weight', 'decoder.bias'];

/** The graph up to the feature map (its global pooling dropped). */
export function featureMapGraph(graph: EncoderGraph): EncoderGraph {
  const gap = graph.nodes.find((n) => n.name === graph.output);
  if (!gap || gap.op !== 'gap') throw new Error(`MIM: the encoder's output ${graph.output} is not a global pooling`);
  return { ...graph, nodes: graph.nodes.filter((n) => n !== gap), output: gap.input };
}

/** Side of the feature map for a square input of `side` pixels (PyTorch's floor((n + pads − k)/s) + 1). */
export function featureMapSide(graph: EncoderGraph, side: number): number {
  const sides = new Map<string, number>([['input', side]]);
  for (const n of graph.nodes) {
    const input = n.op === 'add' ? n.inputs[0] : n.input;
    const v = sides.get(input)!;
    if (n.op === 'conv' || n.op === 'maxpool') {
      const k = n.op === 'conv' ? n.kernel : n.size;
      sides.set(n.name, Math.floor((v + n.pad[0] + n.pad[1] - k) / n.stride) + 1);
    } else sides.set(n.name, n.op === 'gap' ? 1 : v);
  }
  return sides.get(featureMapGraph(graph).output)!;
}

/** The output stride s (input side / feature side), or an error naming what does not divide. */
export function outputStride(graph: EncoderGraph, inputSize: number): number {
  const f = featureMapSide(graph, inputSize);
  const s = inputSize / f;
  if (!Number.isInteger(s)) throw new Error(`MIM: input size ${inputSize} gives a ${f}×${f} feature map, not a whole stride; use a multiple of the encoder's stride`);
  return s;
}

export interface MimNetSpec {
  graph: EncoderGraph;
  inputSize: number;
}

export function mimParamNames(spec: MimNetSpec): string[] {
  return [...graphParams(spec.graph).map((p) => p.name), ...MIM_DECODER];
}

/** Adds the decoder's PyTorch Conv2d initial values (weight and bias U(±1/√C)) to the backbone's. */
export function addMimDecoder(values: TensorValues, spec: MimNetSpec, seed: number): TensorValues {
  const c = spec.graph.featureDim;
  const s2 = outputStride(spec.graph, spec.inputSize) ** 2;
  const rng = new Rng(seed ^ 0x31313);
  const bound = 1 / Math.sqrt(c);
  values.set('decoder.weight', { shape: [1, 1, c, s2], data: uniform(new Float32Array(c * s2), bound, rng) });
  values.set('decoder.bias', { shape: [s2], data: uniform(new Float32Array(s2), bound, rng) });
  return values;
}

export function mimNet(spec: MimNetSpec, values: TensorValues): ParamSet {
  return new ParamSet('mim', mimParamNames(spec), bnNames(spec.graph), values, true);
}

/** Reconstruction [N, H, W, 1] of x [N, H, W, 1] (training-mode BN, statistics recorded). */
export function mimForward(net: ParamSet, graph: EncoderGraph, x: tf.Tensor4D, record: BatchStats[]): tf.Tensor4D {
  const f = backboneForward(featureMapGraph(graph), x, (n) => net.get(n), { training: true, record }) as unknown as tf.Tensor4D;
  const [n, h, w, c] = f.shape;
  const w2 = net.get('decoder.weight');
  const s2 = w2.size / c;
  const s = Math.round(Math.sqrt(s2));
  const y = tf.matMul(f.reshape([n * h * w, c]), w2.reshape([c, s2])).add(net.get('decoder.bias'));
  return y.reshape([n, h, w, s, s]).transpose([0, 1, 3, 2, 4]).reshape([n, h * s, w * s, 1]);
}
