/**
 * Seeded initial values, as PyTorch/torchvision initialise the same modules:
 * resnet convs kaiming_normal(fan_out, relu): N(0, 2/fan_out); other convs and Linear layers
 * kaiming_uniform(a=√5): U(±1/√fan_in), Linear/conv bias U(±1/√fan_in); BN weight 1, bias 0,
 * running mean 0, running var 1. Values come from the JS PRNG, so every backend starts identical.
 */
import { Rng } from '../rng';
import type { ParamShape } from './graph';

export type ConvInit = 'kaimingNormalFanOut' | 'kaimingUniform';

export function initialValues(p: ParamShape, rng: Rng, convInit: ConvInit): Float32Array {
  const size = p.shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (p.kind) {
    case 'bnWeight':
    case 'runningVar':
      return out.fill(1);
    case 'bnBias':
    case 'runningMean':
      return out;
    case 'conv':
    case 'depthwise':
      if (convInit === 'kaimingNormalFanOut') {
        const std = Math.sqrt(2 / (p.fanOut ?? 1));
        for (let i = 0; i < size; i++) out[i] = std * rng.normal();
        return out;
      }
      return uniform(out, 1 / Math.sqrt(p.fanIn ?? 1), rng);
    case 'bias':
      return uniform(out, 1 / Math.sqrt(p.fanIn ?? 1), rng);
  }
}

/** U(-bound, bound) in place. */
export function uniform(out: Float32Array, bound: number, rng: Rng): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}
