/**
 * The bundled MobileNetV2 trunk (nsfwjs 4.4.0's layers through block_10_project_BN, the frozen
 * ImageNet part; see similarity/embedding/defaultEmbedder.ts) as an EncoderGraph with its weights,
 * the fine-tune start for `arch: 'mobilenetv2'`. Keras layers map one to one: ZeroPadding2D folds
 * into the next conv's padding, 'same' at stride 1 is symmetric (k−1)/2, BatchNormalization keeps
 * its own epsilon (1e-3), ReLU keeps max_value 6. The 3-channel first kernel is summed over its
 * input channels: on gray input replicated to RGB that is the same convolution. Input scale: gray/255
 * (mean 0, std 1), what nsfwjs feeds it.
 */
import * as tf from '@tensorflow/tfjs';
import { defaultEmbedderArtifacts } from '../../similarity/embedding/defaultEmbedder';
import { GRAPH_INPUT, pad, type EncoderGraph, type EncoderNode, type Padding4 } from './graph';

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes: [string, number, number, unknown][][];
}

export interface PretrainedTrunk {
  graph: EncoderGraph;
  /** Values by parameter name, tfjs layouts. */
  weights: Map<string, { shape: number[]; data: Float32Array }>;
  /** Input normalisation the weights expect. */
  mean: number;
  std: number;
}

function kerasLayers(topology: unknown): KerasLayer[] {
  const t = topology as { model_config?: { config?: { layers?: KerasLayer[] } }; config?: { layers?: KerasLayer[] } };
  const layers = t.model_config?.config?.layers ?? t.config?.layers;
  if (!layers) throw new Error('nsfwjs mobilenet_v2: no layers in the topology');
  return layers;
}

function samePad(kernel: number, stride: number, name: string): Padding4 {
  if (stride !== 1) throw new Error(`mobilenetv2 ${name}: 'same' padding at stride ${stride} is not PyTorch-expressible`);
  return pad((kernel - 1) / 2);
}

/** Keras layers → nodes; ZeroPadding2D outputs are remembered and folded into their consumer conv. */
function toNodes(layers: KerasLayer[]): EncoderNode[] {
  const nodes: EncoderNode[] = [];
  const pending = new Map<string, { input: string; pad: Padding4 }>();
  const inputOf = (l: KerasLayer, i = 0) => l.inbound_nodes[0][i][0];
  let inputName = '';
  for (const l of layers) {
    const c = l.config;
    const name = c.name;
    switch (l.class_name) {
      case 'InputLayer':
        inputName = name;
        break;
      case 'ZeroPadding2D': {
        const [[t, b], [left, r]] = c.padding as [[number, number], [number, number]];
        pending.set(name, { input: inputOf(l), pad: [t, b, left, r] });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const kernel = (c.kernel_size as number[])[0];
        const stride = (c.strides as number[])[0];
        let input = inputOf(l);
        let p: Padding4 = c.padding === 'same' ? samePad(kernel, stride, name) : pad(0);
        const folded = pending.get(input);
        if (folded) {
          if (c.padding !== 'valid') throw new Error(`mobilenetv2 ${name}: explicit padding before a 'same' conv`);
          input = folded.input;
          p = folded.pad;
        }
        const depthwise = l.class_name === 'DepthwiseConv2D';
        nodes.push({ op: 'conv', name, input, filters: depthwise ? 0 : (c.filters as number), kernel, stride, pad: p, bias: Boolean(c.use_bias), depthwise });
        break;
      }
      case 'BatchNormalization':
        nodes.push({ op: 'bn', name, input: inputOf(l), eps: c.epsilon as number });
        break;
      case 'ReLU':
        nodes.push({ op: 'relu', name, input: inputOf(l), max: (c.max_value as number | null) ?? undefined });
        break;
      case 'Add':
        nodes.push({ op: 'add', name, inputs: [inputOf(l, 0), inputOf(l, 1)] });
        break;
      default:
        throw new Error(`mobilenetv2: layer ${name} of class ${l.class_name} is not supported`);
    }
  }
  const rename = (s: string) => (s === inputName ? GRAPH_INPUT : s);
  return nodes.map((n) => (n.op === 'add' ? { ...n, inputs: [rename(n.inputs[0]), rename(n.inputs[1])] } : { ...n, input: rename(n.input) }));
}

const KERAS_WEIGHT: Record<string, string> = {
  kernel: 'weight',
  depthwise_kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
};

/** Loads the trunk (lazily imported nsfwjs weights, ~0.3 MB after pruning). */
export async function loadMobileNetV2Trunk(): Promise<PretrainedTrunk> {
  const artifacts = await defaultEmbedderArtifacts();
  const nodes = toNodes(kerasLayers(artifacts.modelTopology));
  const last = nodes[nodes.length - 1].name;
  nodes.push({ op: 'gap', name: 'avgpool', input: last });
  const tensors = tf.io.decodeWeights(artifacts.weightData as ArrayBuffer, artifacts.weightSpecs ?? []);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  try {
    for (const [key, t] of Object.entries(tensors)) {
      const [layer, kind] = key.split('/');
      const ours = KERAS_WEIGHT[kind];
      if (!ours) throw new Error(`mobilenetv2: unexpected weight ${key}`);
      let value = t;
      if (layer === 'Conv1' && kind === 'kernel' && t.shape[2] === 3) value = tf.sum(t, 2, true); // RGB kernel → gray
      weights.set(`${layer}.${ours}`, { shape: value.shape, data: Float32Array.from(await value.data()) });
      if (value !== t) value.dispose();
    }
  } finally {
    tf.dispose(Object.values(tensors));
  }
  const lastBn = weights.get(`${last}.weight`);
  if (!lastBn) throw new Error(`mobilenetv2: no weights for ${last}`);
  return { graph: { channels: 1, nodes, output: 'avgpool', featureDim: lastBn.shape[0] }, weights, mean: 0, std: 1 };
}
