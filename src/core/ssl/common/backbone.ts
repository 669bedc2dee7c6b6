/** The backbone a MoCo or MIM run starts from: its graph and initial values (from scratch, or the bundled MobileNetV2 trunk). */
import { encoderGraph, initialWeights } from '../encoders';
import type { EncoderGraph } from '../encoders/graph';
import { loadMobileNetV2Trunk } from '../encoders/mobilenetv2';
import type { PretrainConfig } from '../types';
import type { TensorValues } from './paramSet';

export async function backboneStart(config: PretrainConfig): Promise<{ graph: EncoderGraph; values: TensorValues }> {
  if (config.arch === 'mobilenetv2') {
    const trunk = await loadMobileNetV2Trunk();
    return { graph: trunk.graph, values: new Map(trunk.weights) };
  }
  const graph = encoderGraph({ arch: config.arch, inputSize: config.inputSize, width: config.width });
  return { graph, values: initialWeights(graph, config.arch, config.seed) };
}
