/**
 * One description of an encoder backbone, read two ways: `layersModel.ts` turns it into the export
 * form (a tfjs-layers model of built-in classes), `../swav/forward.ts` runs it functionally for
 * training with PyTorch's BatchNorm semantics. Node names are PyTorch module names (`layer1.0.conv1`),
 * so parameter names are `<node>.weight` etc., as in torchvision's state_dict.
 *
 * Tensor layouts are tfjs's: NHWC activations, conv kernels [kh, kw, in, out], depthwise kernels
 * [kh, kw, in, 1].
 */

/** [top, bottom, left, right] zero padding. */
export type Padding4 = [number, number, number, number];

export type EncoderNode =
  | { op: 'conv'; name: string; input: string; filters: number; kernel: number; stride: number; pad: Padding4; bias: boolean; depthwise?: boolean }
  | { op: 'bn'; name: string; input: string; eps: number }
  | { op: 'relu'; name: string; input: string; max?: number }
  /** Max pooling; its zero padding is exact only on non-negative input (it always follows a ReLU here). */
  | { op: 'maxpool'; name: string; input: string; size: number; stride: number; pad: Padding4 }
  | { op: 'add'; name: string; inputs: [string, string] }
  | { op: 'gap'; name: string; input: string };

export interface EncoderGraph {
  /** Input channels (1 for every ctsieve encoder). */
  channels: number;
  nodes: EncoderNode[];
  /** Node whose output is the feature vector (a 'gap'). */
  output: string;
  featureDim: number;
}

/** Name of the graph input in `input` fields. */
export const GRAPH_INPUT = 'input';

/** Symmetric padding p on every side (PyTorch's `padding=p`). */
export function pad(p: number): Padding4 {
  return [p, p, p, p];
}

/** Shape of one trainable parameter or BN buffer, named as in a PyTorch state_dict. */
export interface ParamShape {
  name: string;
  shape: number[];
  kind: 'conv' | 'depthwise' | 'bias' | 'bnWeight' | 'bnBias' | 'runningMean' | 'runningVar';
  /** Fan-in and fan-out of the conv (for initialisation). */
  fanIn?: number;
  fanOut?: number;
}

/** Every parameter and BN buffer of a graph, in node order, with the channel counts worked out. */
export function graphParams(graph: EncoderGraph): ParamShape[] {
  const channels = new Map<string, number>([[GRAPH_INPUT, graph.channels]]);
  const out: ParamShape[] = [];
  for (const n of graph.nodes) {
    const cin = n.op === 'add' ? channels.get(n.inputs[0]) : channels.get(n.input);
    if (cin === undefined) throw new Error(`encoder graph: node ${n.name} reads an unknown input`);
    let cout = cin;
    if (n.op === 'conv') {
      if (n.depthwise) {
        out.push({ name: `${n.name}.weight`, shape: [n.kernel, n.kernel, cin, 1], kind: 'depthwise', fanIn: n.kernel * n.kernel, fanOut: n.kernel * n.kernel });
      } else {
        cout = n.filters;
        out.push({ name: `${n.name}.weight`, shape: [n.kernel, n.kernel, cin, cout], kind: 'conv', fanIn: cin * n.kernel * n.kernel, fanOut: cout * n.kernel * n.kernel });
      }
      if (n.bias) out.push({ name: `${n.name}.bias`, shape: [cout], kind: 'bias', fanIn: cin * n.kernel * n.kernel });
    } else if (n.op === 'bn') {
      out.push({ name: `${n.name}.weight`, shape: [cin], kind: 'bnWeight' });
      out.push({ name: `${n.name}.bias`, shape: [cin], kind: 'bnBias' });
      out.push({ name: `${n.name}.running_mean`, shape: [cin], kind: 'runningMean' });
      out.push({ name: `${n.name}.running_var`, shape: [cin], kind: 'runningVar' });
    }
    channels.set(n.name, cout);
  }
  return out;
}

/** Names of the BatchNorm nodes (each has a num_batches_tracked counter in PyTorch). */
export function bnNames(graph: EncoderGraph): string[] {
  return graph.nodes.filter((n) => n.op === 'bn').map((n) => n.name);
}
