/**
 * The from-scratch backbones as EncoderGraphs: `tiny` (the golden's net, exactly) and torchvision's
 * resnet18 with one input channel and an optional base width. MobileNetV2 comes from nsfwjs's
 * topology instead (./mobilenetv2.ts).
 */
import { pad, GRAPH_INPUT, type EncoderGraph, type EncoderNode } from './graph';

const BN_EPS = 1e-5;

/** conv3x3(1→4) BN ReLU conv3x3/2 (4→8) BN ReLU GAP: golden_swav.py's Tiny backbone. */
export function tinyGraph(): EncoderGraph {
  const nodes: EncoderNode[] = [
    { op: 'conv', name: 'conv1', input: GRAPH_INPUT, filters: 4, kernel: 3, stride: 1, pad: pad(1), bias: false },
    { op: 'bn', name: 'bn1', input: 'conv1', eps: BN_EPS },
    { op: 'relu', name: 'relu1', input: 'bn1' },
    { op: 'conv', name: 'conv2', input: 'relu1', filters: 8, kernel: 3, stride: 2, pad: pad(1), bias: false },
    { op: 'bn', name: 'bn2', input: 'conv2', eps: BN_EPS },
    { op: 'relu', name: 'relu2', input: 'bn2' },
    { op: 'gap', name: 'avgpool', input: 'relu2' },
  ];
  return { channels: 1, nodes, output: 'avgpool', featureDim: 8 };
}

/** torchvision BasicBlock: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)). Returns its output node name. */
function basicBlock(nodes: EncoderNode[], name: string, input: string, planes: number, stride: number, downsample: boolean): string {
  nodes.push(
    { op: 'conv', name: `${name}.conv1`, input, filters: planes, kernel: 3, stride, pad: pad(1), bias: false },
    { op: 'bn', name: `${name}.bn1`, input: `${name}.conv1`, eps: BN_EPS },
    { op: 'relu', name: `${name}.relu1`, input: `${name}.bn1` },
    { op: 'conv', name: `${name}.conv2`, input: `${name}.relu1`, filters: planes, kernel: 3, stride: 1, pad: pad(1), bias: false },
    { op: 'bn', name: `${name}.bn2`, input: `${name}.conv2`, eps: BN_EPS },
  );
  let shortcut = input;
  if (downsample) {
    nodes.push(
      { op: 'conv', name: `${name}.downsample.0`, input, filters: planes, kernel: 1, stride, pad: pad(0), bias: false },
      { op: 'bn', name: `${name}.downsample.1`, input: `${name}.downsample.0`, eps: BN_EPS },
    );
    shortcut = `${name}.downsample.1`;
  }
  nodes.push({ op: 'add', name: `${name}.add`, inputs: [`${name}.bn2`, shortcut] }, { op: 'relu', name: `${name}.relu2`, input: `${name}.add` });
  return `${name}.relu2`;
}

/** torchvision resnet18 (fc removed) on 1 channel; `width` = layer1 channels (64 in torchvision). */
export function resnet18Graph(width = 64): EncoderGraph {
  if (!Number.isInteger(width) || width < 1) throw new Error(`resnet18 width must be a positive integer, got ${width}`);
  const nodes: EncoderNode[] = [
    { op: 'conv', name: 'conv1', input: GRAPH_INPUT, filters: width, kernel: 7, stride: 2, pad: pad(3), bias: false },
    { op: 'bn', name: 'bn1', input: 'conv1', eps: BN_EPS },
    { op: 'relu', name: 'relu', input: 'bn1' },
    { op: 'maxpool', name: 'maxpool', input: 'relu', size: 3, stride: 2, pad: pad(1) },
  ];
  let x = 'maxpool';
  let inPlanes = width;
  for (let layer = 1; layer <= 4; layer++) {
    const planes = width * 2 ** (layer - 1);
    const stride = layer === 1 ? 1 : 2;
    x = basicBlock(nodes, `layer${layer}.0`, x, planes, stride, stride !== 1 || inPlanes !== planes);
    x = basicBlock(nodes, `layer${layer}.1`, x, planes, 1, false);
    inPlanes = planes;
  }
  nodes.push({ op: 'gap', name: 'avgpool', input: x });
  return { channels: 1, nodes, output: 'avgpool', featureDim: 8 * width };
}
