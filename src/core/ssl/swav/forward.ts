/**
 * Runs an EncoderGraph functionally on tf ops over named parameters: the training form of the
 * encoder (the export form is ../encoders/layersModel.ts; a test checks the two agree).
 * Explicit zero padding reproduces PyTorch's symmetric padding exactly (tfjs 'same' pads
 * bottom/right first at stride 2). In training, a BN whose only reader is a ReLU, or an add (its
 * first BN input, read only there) whose only reader is a ReLU, runs as one fused BN op at the
 * ReLU's place (batchNorm.ts: the same float32 operations, fewer kernels and saved tensors).
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
  /** Training mode: rotated conv kernels and BN filter views shared by the step's calls (the step disposes them). */
  kernels?: KernelCache;
  /** Training mode: fuse BN → ReLU and BN → add → ReLU into one op (default true; false for tests). */
  fuse?: boolean;
}

type BnNode = Extract<EncoderNode, { op: 'bn' }>;

/** A ReLU computed by a fused BN op: the BN node, and the add's other input when an add sits between. */
interface Fused {
  bn: BnNode;
  residual?: string;
}

/** Fused ReLUs by name, and the nodes they make redundant (their only reader is the fused op). */
function fusionPlan(graph: EncoderGraph): { fused: Map<string, Fused>; skipped: Set<string> } {
  const readers = new Map<string, number>([[graph.output, 1]]);
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const n of graph.nodes) for (const i of n.op === 'add' ? n.inputs : [n.input]) readers.set(i, (readers.get(i) ?? 0) + 1);
  const single = (name: string) => readers.get(name) === 1;
  const bnOnly = (name: string) => (byName.get(name)?.op === 'bn' && single(name) ? (byName.get(name) as BnNode) : undefined);
  const fused = new Map<string, Fused>();
  const skipped = new Set<string>();
  for (const n of graph.nodes) {
    if (n.op !== 'relu' || n.max !== undefined) continue;
    const direct = bnOnly(n.input);
    const add = byName.get(n.input);
    if (direct) {
      fused.set(n.name, { bn: direct });
      skipped.add(direct.name);
    } else if (add?.op === 'add' && single(add.name)) {
      const [a, b] = add.inputs;
      const [bn, residual] = bnOnly(a) ? [bnOnly(a), b] : [bnOnly(b), a];
      if (!bn) continue;
      fused.set(n.name, { bn, residual });
      skipped.add(add.name).add(bn.name);
    }
  }
  return { fused, skipped };
}

const plans = new WeakMap<EncoderGraph, ReturnType<typeof fusionPlan>>();

function planOf(graph: EncoderGraph): ReturnType<typeof fusionPlan> {
  let p = plans.get(graph);
  if (!p) {
    p = fusionPlan(graph);
    plans.set(graph, p);
  }
  return p;
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
      if (mode.training) return batchNormTrain(get(n.input), gamma, beta, n.eps, n.name, mode.record ?? [], { kernels: mode.kernels });
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
  const plan = mode.training && mode.fuse !== false ? planOf(graph) : undefined;
  for (const n of graph.nodes) {
    if (plan?.skipped.has(n.name)) continue;
    const f = plan?.fused.get(n.name);
    if (!f) {
      values.set(n.name, runNode(n, get, param, mode));
      continue;
    }
    const [gamma, beta] = [param(`${f.bn.name}.weight`), param(`${f.bn.name}.bias`)];
    const residual = f.residual === undefined ? undefined : get(f.residual);
    values.set(n.name, batchNormTrain(get(f.bn.input), gamma, beta, f.bn.eps, f.bn.name, mode.record ?? [], { relu: true, residual, kernels: mode.kernels }));
  }
  return get(graph.output) as tf.Tensor2D;
}
