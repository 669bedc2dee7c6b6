/**
 * Runs an EncoderGraph functionally on tf ops over named parameters: the training form of the
 * encoder (the export form is ../encoders/layersModel.ts; a test checks the two agree).
 * Explicit zero padding reproduces PyTorch's symmetric padding exactly (tfjs 'same' pads
 * bottom/right first at stride 2).
 */
import * as tf from '@tensorflow/tfjs';
import { GRAPH_INPUT, type EncoderGraph, type EncoderNode, type Padding4 } from '../encoders/graph';
import { conv2dPadded, type KernelCache } from './conv';
import { batchNormEval, batchNormTrain, type BatchStats } from './batchNorm';

export type ParamLookup = (name: string) => tf.Tensor;

export interface ForwardMode {
  training: boolean;
  /** Training mode: receives each BN call's batch statistics (in call order). */
  record?: BatchStats[];
  /** Training mode: rotated conv kernels shared by the step's calls (the step disposes them). */
  kernels?: KernelCache;
}

function zeroPad(x: tf.Tensor4D, p: Padding4): tf.Tensor4D {
  if (p.every((v) => v === 0)) return x;
  return tf.pad(x, [[0, 0], [p[0], p[1]], [p[2], p[3]], [0, 0]]);
}

function runNode(n: EncoderNode, get: (k: string) => tf.Tensor, param: ParamLookup, mode: ForwardMode): tf.Tensor {
  switch (n.op) {
    case 'conv': {
      const w = param(`${n.name}.weight`) as tf.Tensor4D;
      const x = get(n.input) as tf.Tensor4D;
      // the crops are data: the first conv needs no input gradient
      const y = n.depthwise ? tf.depthwiseConv2d(zeroPad(x, n.pad), w, n.stride, 'valid') : conv2dPadded(x, w, n.stride, n.pad, n.input !== GRAPH_INPUT, mode.kernels);
      return n.bias ? y.add(param(`${n.name}.bias`)) : y;
    }
    case 'bn': {
      const [gamma, beta] = [param(`${n.name}.weight`), param(`${n.name}.bias`)];
      if (mode.training) return batchNormTrain(get(n.input), gamma, beta, n.eps, n.name, mode.record ?? []);
      return batchNormEval(get(n.input), gamma, beta, param(`${n.name}.running_mean`), param(`${n.name}.running_var`), n.eps);
    }
    case 'relu':
      return n.max === undefined ? tf.relu(get(n.input)) : tf.clipByValue(get(n.input), 0, n.max);
    case 'maxpool':
      return tf.maxPool(zeroPad(get(n.input) as tf.Tensor4D, n.pad), n.size, n.stride, 'valid');
    case 'add':
      return tf.add(get(n.inputs[0]), get(n.inputs[1]));
    case 'gap':
      return tf.mean(get(n.input), [1, 2]);
  }
}

/** Backbone features [N, featureDim] of x [N, H, W, channels]. Call inside a tidy / gradient scope. */
export function backboneForward(graph: EncoderGraph, x: tf.Tensor4D, param: ParamLookup, mode: ForwardMode): tf.Tensor2D {
  const values = new Map<string, tf.Tensor>([[GRAPH_INPUT, x]]);
  const get = (k: string) => {
    const t = values.get(k);
    if (!t) throw new Error(`encoder graph: ${k} used before it is defined`);
    return t;
  };
  for (const n of graph.nodes) values.set(n.name, runNode(n, get, param, mode));
  return get(graph.output) as tf.Tensor2D;
}
