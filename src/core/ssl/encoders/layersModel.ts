/**
 * The export form of contract A: an EncoderGraph as a tfjs-layers model of built-in classes only
 * (ZeroPadding2D + 'valid' Conv2D/DepthwiseConv2D for PyTorch's padding, BatchNormalization with
 * the graph's epsilon carrying running statistics, ReLU, MaxPooling2D, Add,
 * GlobalAveragePooling2D). `tf.loadLayersModel` reads it back without custom classes.
 */
import * as tf from '@tensorflow/tfjs';
import { GRAPH_INPUT, type EncoderGraph, type EncoderNode, type Padding4 } from './graph';

/** Values by PyTorch-style parameter name (`conv1.weight`, `bn1.running_var`, …), tfjs layouts. */
export type WeightLookup = (name: string) => tf.Tensor;

function zeroPad(x: tf.SymbolicTensor, p: Padding4, name: string): tf.SymbolicTensor {
  if (p.every((v) => v === 0)) return x;
  const layer = tf.layers.zeroPadding2d({ padding: [[p[0], p[1]], [p[2], p[3]]], name });
  return layer.apply(x) as tf.SymbolicTensor;
}

function applyNode(n: EncoderNode, get: (name: string) => tf.SymbolicTensor): { out: tf.SymbolicTensor; layer?: tf.layers.Layer } {
  switch (n.op) {
    case 'conv': {
      const x = zeroPad(get(n.input), n.pad, `${n.name}.pad`);
      const common = { kernelSize: n.kernel, strides: n.stride, padding: 'valid' as const, useBias: n.bias, name: n.name };
      const layer = n.depthwise ? tf.layers.depthwiseConv2d({ ...common, depthMultiplier: 1 }) : tf.layers.conv2d({ ...common, filters: n.filters });
      return { out: layer.apply(x) as tf.SymbolicTensor, layer };
    }
    case 'bn': {
      // Keras momentum is PyTorch's 1 - momentum (0.1); only used if someone trains this form with tfjs-layers.
      const layer = tf.layers.batchNormalization({ axis: -1, epsilon: n.eps, momentum: 0.9, name: n.name });
      return { out: layer.apply(get(n.input)) as tf.SymbolicTensor, layer };
    }
    case 'relu': {
      const layer = tf.layers.reLU({ maxValue: n.max, name: n.name });
      return { out: layer.apply(get(n.input)) as tf.SymbolicTensor };
    }
    case 'maxpool': {
      const x = zeroPad(get(n.input), n.pad, `${n.name}.pad`);
      const layer = tf.layers.maxPooling2d({ poolSize: n.size, strides: n.stride, padding: 'valid', name: n.name });
      return { out: layer.apply(x) as tf.SymbolicTensor };
    }
    case 'add': {
      const layer = tf.layers.add({ name: n.name });
      return { out: layer.apply(n.inputs.map(get)) as tf.SymbolicTensor };
    }
    case 'gap': {
      const layer = tf.layers.globalAveragePooling2d({ name: n.name });
      return { out: layer.apply(get(n.input)) as tf.SymbolicTensor };
    }
  }
}

/** Names, in the layer's own weight order, of the parameters a layer holds. */
function layerWeightNames(n: EncoderNode): string[] {
  if (n.op === 'conv') return n.bias ? [`${n.name}.weight`, `${n.name}.bias`] : [`${n.name}.weight`];
  if (n.op === 'bn') return ['weight', 'bias', 'running_mean', 'running_var'].map((k) => `${n.name}.${k}`);
  return [];
}

/** Builds the model for input [N, size, size, channels]; `weights` fills every conv and BN layer. */
export function graphToLayersModel(graph: EncoderGraph, inputSize: number, weights: WeightLookup, name = 'ctsieve_encoder'): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, graph.channels], name: 'image' });
  const outputs = new Map<string, tf.SymbolicTensor>([[GRAPH_INPUT, input]]);
  const get = (key: string) => {
    const t = outputs.get(key);
    if (!t) throw new Error(`encoder graph: ${key} used before it is defined`);
    return t;
  };
  const weighted: { layer: tf.layers.Layer; names: string[] }[] = [];
  for (const n of graph.nodes) {
    const { out, layer } = applyNode(n, get);
    outputs.set(n.name, out);
    if (layer) weighted.push({ layer, names: layerWeightNames(n) });
  }
  const model = tf.model({ inputs: input, outputs: get(graph.output), name });
  for (const { layer, names } of weighted) layer.setWeights(names.map(weights));
  return model;
}
