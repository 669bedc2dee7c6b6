/**
 * Paired seeds start from the same weights: SwAV's seed-s run (netStart) draws its backbone exactly
 * as the random-init encoder of seed s (buildEncoderLayersModel / initialWeights), for every
 * architecture an experiment trains, and another seed gives other weights.
 */
import { describe, expect, it } from 'vitest';
import { encoderGraph, initialWeights } from '../ssl';
import { netStart } from '../ssl/netSpec';
import { pretrainConfigFor, checkSpec } from './spec';

describe('random init of seed s = the initial backbone of every arm’s seed s', () => {
  for (const arch of ['tiny', 'resnet18'] as const) {
    it(arch, async () => {
      const spec = checkSpec({ volumes: ['v'], arms: [{ name: 'ALL', method: 'all' }], task: 'proxy', preset: arch === 'tiny' ? 'tiny' : 'short', arch }, 's.json');
      const config = pretrainConfigFor(spec, 2);
      const random = initialWeights(encoderGraph({ arch: config.arch, inputSize: config.inputSize, width: config.width }), config.arch, 2);
      const { values } = await netStart(config);
      expect(random.size).toBeGreaterThan(3);
      for (const [name, w] of random) expect(values.get(name)?.data, name).toEqual(w.data);
      const other = (await netStart(pretrainConfigFor(spec, 3))).values;
      const first = [...random.keys()].find((n) => /conv|weight/.test(n))!;
      expect(other.get(first)!.data).not.toEqual(random.get(first)!.data);
    });
  }
});
