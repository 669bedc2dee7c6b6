/** Resume compares configs by effective values: fields newer than a checkpoint compare by their defaults. */
import { describe, expect, it } from 'vitest';
import { configDifferences } from './configDiff';
import { methodPreset } from './methods';
import { pretrainPreset } from './presets';

describe('configDifferences', () => {
  it('ignores the run length and the preset label; names each real change with both values', () => {
    const a = pretrainPreset('short');
    expect(configDifferences(a, { ...a, steps: 900, epochs: 3, timeBudgetSeconds: 60, preset: 'custom' })).toEqual([]);
    expect(configDifferences(a, { ...a, batch: 16, epsilon: 0.05 })).toEqual(['batch 32 → 16', 'epsilon 0.03 → 0.05']);
  });
  it('a config from before jitterStrength/blurProbability existed means SwAV’s 0.8/0.5', () => {
    const old = pretrainPreset('paper');
    delete old.jitterStrength;
    delete old.blurProbability;
    expect(configDifferences(old, pretrainPreset('paper', { jitterStrength: 0.8, blurProbability: 0.5 }))).toEqual([]);
    const oldShort = { ...pretrainPreset('short'), epsilon: 0.05 };
    delete oldShort.jitterStrength;
    delete oldShort.blurProbability;
    expect(configDifferences(oldShort, pretrainPreset('short'))).toEqual(['epsilon 0.05 → 0.03', 'jitterStrength 0.8 → 0.4', 'blurProbability 0.5 → 0']);
  });
  it('MIM’s view has no jitter or blur, so those fields never differ for it; method absent is SwAV', () => {
    const mim = methodPreset('mim', 'short');
    expect(configDifferences({ ...mim, jitterStrength: undefined, blurProbability: undefined }, mim)).toEqual([]);
    const swav = pretrainPreset('tiny');
    expect(configDifferences({ ...swav, method: undefined }, { ...swav, method: 'swav' })).toEqual([]);
  });
});
