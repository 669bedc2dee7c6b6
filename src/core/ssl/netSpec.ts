/** From a PretrainConfig to the SwAV network description and its starting values. */
import { encoderGraph } from './encoders';
import { loadMobileNetV2Trunk } from './encoders/mobilenetv2';
import { SwavModel, type SwavNetSpec } from './swav/model';
import type { PretrainConfig } from './types';

export interface NetStart {
  spec: SwavNetSpec;
  /** Initial values by parameter name (from scratch, or the pretrained MobileNetV2 trunk + a fresh head). */
  values: Map<string, { shape: number[]; data: Float32Array }>;
}

export async function netStart(config: PretrainConfig): Promise<NetStart> {
  const head = { hiddenDim: config.hiddenDim, outputDim: config.outputDim, prototypes: config.prototypes };
  if (config.arch === 'mobilenetv2') {
    const trunk = await loadMobileNetV2Trunk();
    const spec: SwavNetSpec = { arch: config.arch, graph: trunk.graph, ...head };
    const values = SwavModel.initialValues(spec, config.seed);
    for (const [name, v] of trunk.weights) values.set(name, v);
    return { spec, values };
  }
  const spec: SwavNetSpec = { arch: config.arch, graph: encoderGraph({ arch: config.arch, inputSize: config.inputSize, width: config.width }), ...head };
  return { spec, values: SwavModel.initialValues(spec, config.seed) };
}
