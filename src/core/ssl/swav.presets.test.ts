/** Presets, config validation and the collapse check. */
import { describe, expect, it } from 'vitest';
import { detectCollapse } from './collapse';
import { configProblems, pretrainPreset, totalSteps } from './presets';
import type { StepMetrics } from './types';

const lnK = Math.log(64);
const step = (i: number, loss: number, sampleEntropy: number, meanEntropy: number, prototypesUsed = 40): StepMetrics => ({
  step: i, loss, lr: 1e-3, lnK, sampleEntropy, meanEntropy, prototypesUsed, seconds: i, imagesPerSecond: 1,
});

describe('swav presets', () => {
  it('paper is Wolf et al.’s setting; overrides make a custom config; presets are valid', () => {
    const p = pretrainPreset('paper');
    expect(p).toMatchObject({ arch: 'resnet18', width: 64, batch: 128, prototypes: 500, freezePrototypesSteps: 313, epochs: 800, nmbCrops: [2, 6], cropSizes: [224, 96] });
    expect(p.optimizer).toMatchObject({ name: 'lars', lr: 0.15, weightDecay: 1e-6, momentum: 0.9 });
    expect(totalSteps(p, 1000)).toBe(800 * 8);
    expect(pretrainPreset('short', { seed: 3 }).preset).toBe('short');
    expect(pretrainPreset('short', { batch: 16 }).preset).toBe('custom');
    for (const name of ['tiny', 'short', 'paper'] as const) expect(configProblems(pretrainPreset(name))).toEqual([]);
    expect(pretrainPreset('tiny').optimizer).not.toBe(pretrainPreset('tiny').optimizer); // fresh copies
  });
  it('names the field of a bad config', () => {
    expect(configProblems(pretrainPreset('tiny', { nmbCrops: [1, 2] }))[0]).toMatch(/nmbCrops\[0\] must be at least 2/);
    expect(configProblems(pretrainPreset('tiny', { queueLength: 10 }))[0]).toMatch(/queueLength must be a multiple of batch/);
    expect(configProblems(pretrainPreset('tiny', { minScale: [0.9, 0.1], maxScale: [0.5, 0.4] }))[0]).toMatch(/scale range 0/);
  });
});

describe('swav collapse check', () => {
  it('flags a run sitting at ln K (loss, sampleEntropy and meanEntropy)', () => {
    const steps = Array.from({ length: 10 }, (_, i) => step(i, lnK * 1.001, lnK * 0.995, lnK * 0.999));
    const r = detectCollapse(steps);
    expect(r.collapsed).toBe(true);
    expect(r.reason).toMatch(/ln K/);
  });
  it('flags everything going to one prototype', () => {
    expect(detectCollapse(Array.from({ length: 6 }, (_, i) => step(i, 0.1, 0.01, 0.01, 1))).collapsed).toBe(true);
  });
  it('a learning run (sampleEntropy falling, meanEntropy high) and a short history are not collapsed', () => {
    const learning = Array.from({ length: 20 }, (_, i) => step(i, lnK - 0.05 * i, lnK - 0.1 * i, lnK * 0.98));
    expect(detectCollapse(learning).collapsed).toBe(false);
    expect(detectCollapse(learning.slice(0, 3)).collapsed).toBe(false);
  });
});
