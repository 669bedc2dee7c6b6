/** The method presets and the SPEC's `ssl` field. */
import { describe, expect, it } from 'vitest';
import { configProblems } from './presets';
import { methodPreset, specPretrainConfig } from './methods';

describe('ssl method presets', () => {
  it('swav is the preset itself; moco and mim replace only their own parts', () => {
    expect(methodPreset('swav', 'short')).toMatchObject({ preset: 'short', optimizer: { name: 'adam' } });
    const moco = methodPreset('moco', 'short');
    expect(moco).toMatchObject({ method: 'moco', preset: 'short', arch: 'resnet18', batch: 32, nmbCrops: [2, 0], minScale: [0.2, expect.any(Number)], optimizer: { name: 'sgd', momentum: 0.9, weightDecay: 1e-4 } });
    expect(moco.moco).toMatchObject({ temperature: 0.2, queueLength: 1024 });
    // MoCo v2's --aug-plus (jitter 0.4, blur p 0.5), not SwAV-short's; MIM's view has neither
    for (const p of ['tiny', 'short', 'paper'] as const) expect(methodPreset('moco', p)).toMatchObject({ jitterStrength: 0.4, blurProbability: 0.5 });
    expect(methodPreset('mim', 'short')).toMatchObject({ jitterStrength: 0, blurProbability: 0 });
    expect(configProblems(methodPreset('moco', 'tiny', { jitterStrength: 2 }))[0]).toMatch(/jitterStrength must be in \[0, 1\), got 2/);
    const mim = methodPreset('mim', 'short');
    expect(mim).toMatchObject({ method: 'mim', nmbCrops: [1, 0], mim: { patchSize: 16, maskRatio: 0.6 } });
    for (const p of ['tiny', 'short', 'paper'] as const) for (const m of ['swav', 'moco', 'mim'] as const) expect(configProblems(methodPreset(m, p)), `${m} ${p}`).toEqual([]);
    expect(methodPreset('moco', 'paper').moco).toMatchObject({ queueLength: 65536, keyMomentum: 0.999, hiddenDim: 512 });
  });

  it('overrides make the preset custom; nested settings merge', () => {
    const c = methodPreset('moco', 'tiny', { moco: { ...methodPreset('moco', 'tiny').moco!, temperature: 0.1 } });
    expect(c.preset).toBe('custom');
    expect(c.moco!.temperature).toBe(0.1);
    expect(methodPreset('mim', 'tiny', { seed: 3 }).preset).toBe('tiny');
  });

  it('a SPEC says ssl for all its arms; an unknown one is named', () => {
    expect(specPretrainConfig({ preset: 'tiny', ssl: 'mim' }).method).toBe('mim');
    expect(specPretrainConfig({ preset: 'tiny' }).method).toBeUndefined();
    expect(specPretrainConfig({ preset: 'short', arch: 'tiny', ssl: 'moco' })).toMatchObject({ arch: 'tiny', width: undefined, method: 'moco' });
    expect(() => specPretrainConfig({ preset: 'tiny', ssl: 'byol' })).toThrow("SPEC: ssl 'byol' is not one of swav, moco, mim");
  });
});
