/** Presets, config validation and the collapse check. */
import { describe, expect, it } from 'vitest';
import { detectCollapse } from './collapse';
import { resizeArea } from './data';
import { configProblems, pretrainPreset, totalSteps } from './presets';
import { runSchedule, scheduledOptimizer } from './schedule';
import { learningRate } from './swav/optimizers';
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

describe('short preset and its schedule', () => {
  it('short is the recipe checked with PyTorch: Adam 1e-3, 10% warm-up + cosine, 64 prototypes frozen one epoch, batch 32, 2×64² + 4×32² from 96² slices, ε 0.03, jitter 0.4, no blur', () => {
    const s = pretrainPreset('short');
    expect(s).toMatchObject({ batch: 32, prototypes: 64, nmbCrops: [2, 4], cropSizes: [64, 32], inputSize: 64, sourceSize: 96, freezePrototypesEpochs: 1 });
    expect(s).toMatchObject({ epsilon: 0.03, jitterStrength: 0.4, blurProbability: 0, temperature: 0.1, sinkhornIterations: 3 });
    expect(configProblems(pretrainPreset('short', { jitterStrength: 1 }))[0]).toMatch(/jitterStrength must be in \[0, 1\)/);
    expect(configProblems(pretrainPreset('short', { blurProbability: -0.1 }))[0]).toMatch(/blurProbability must be in \[0, 1\]/);
    expect(s.optimizer).toMatchObject({ name: 'adam', lr: 1e-3, schedule: 'cosine', warmupFraction: 0.1 });
  });
  it('resolves warm-up as a fraction of the run and the freeze as one epoch of steps', () => {
    const s = pretrainPreset('short');
    expect(runSchedule(s, 108)).toEqual({ total: 300, stepsPerEpoch: 4, warmupSteps: 30, freezeSteps: 4 });
    expect(runSchedule({ ...s, steps: 1000 }, 1000)).toEqual({ total: 1000, stepsPerEpoch: 32, warmupSteps: 100, freezeSteps: 32 });
    expect(runSchedule(pretrainPreset('paper'), 1000)).toMatchObject({ total: 6400, warmupSteps: 0, freezeSteps: 313 });
    expect(configProblems(pretrainPreset('short', { optimizer: { ...s.optimizer, warmupFraction: 1.5 } }))[0]).toMatch(/warmupFraction/);
  });
  it('learning rate: linear warm-up to lr, then a cosine down to 0 at the last step', () => {
    const s = pretrainPreset('short');
    const plan = runSchedule(s, 108);
    const opt = scheduledOptimizer(s, plan);
    const lr = Array.from({ length: plan.total }, (_, t) => learningRate(opt, t, plan.total));
    expect(lr[0]).toBeCloseTo(1e-3 / 30, 12);
    expect(lr[29]).toBeCloseTo(1e-3, 12);
    for (let t = 1; t < 30; t++) expect(lr[t]).toBeGreaterThan(lr[t - 1]);
    for (let t = 31; t < plan.total; t++) expect(lr[t]).toBeLessThan(lr[t - 1]);
    expect(lr[30 + 135]).toBeCloseTo(0.5e-3, 12); // half-way through the cosine
    expect(lr[plan.total - 1]).toBeLessThan(1e-6);
  });
  it('area resampling keeps a flat image flat and averages 2×2 blocks when halving', () => {
    expect([...resizeArea(new Uint8Array(256 * 256).fill(77), 256, 256, 96, 96)].every((v) => v === 77)).toBe(true);
    expect([...resizeArea(Uint8Array.from([0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60]), 4, 4, 2, 2)]).toEqual([10, 18, 42, 50]);
  });
  it('area resampling with flat cached weights gives the previous nested-array form\'s bytes exactly', () => {
    // the previous implementation (weights rebuilt per call as nested arrays), the same sums in the same order
    const previous = (src: Uint8Array, rows: number, cols: number, outRows: number, outCols: number): Uint8Array => {
      const weights = (n: number, out: number) => Array.from({ length: out }, (_, i) => {
        const scale = n / out;
        const [lo, hi] = [i * scale, (i + 1) * scale];
        const w: [number, number][] = [];
        for (let k = Math.floor(lo); k < Math.min(n, Math.ceil(hi)); k++) w.push([k, (Math.min(hi, k + 1) - Math.max(lo, k)) / scale]);
        return w;
      });
      const [wy, wx] = [weights(rows, outRows), weights(cols, outCols)];
      const out = new Uint8Array(outRows * outCols);
      for (let y = 0; y < outRows; y++)
        for (let x = 0; x < outCols; x++) {
          let sum = 0;
          for (const [sy, fy] of wy[y]) for (const [sx, fx] of wx[x]) sum += src[sy * cols + sx] * fy * fx;
          out[y * outCols + x] = Math.round(sum);
        }
      return out;
    };
    let seed = 5;
    for (const [rows, cols, outRows, outCols] of [[512, 512, 256, 256], [256, 256, 96, 96], [300, 217, 64, 50], [256, 256, 255, 255], [7, 9, 3, 4]]) {
      const src = Uint8Array.from({ length: rows * cols }, () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 256);
      for (let k = 0; k < 2; k++) expect(resizeArea(src, rows, cols, outRows, outCols), `${rows}×${cols} → ${outRows}×${outCols}`).toEqual(previous(src, rows, cols, outRows, outCols));
    }
  });
});

describe('swav collapse check', () => {
  const atLnK = (i: number) => step(i, lnK * 1.001, lnK * 0.995, lnK * 0.999);
  it('flags a run whose predictions went flat after having been lower (collapsed), with the numbers', () => {
    const steps = [...Array.from({ length: 10 }, (_, i) => step(i, 4.5, lnK * 0.8, lnK * 0.97)), ...Array.from({ length: 10 }, (_, i) => atLnK(10 + i))];
    const r = detectCollapse(steps);
    expect(r).toMatchObject({ collapsed: true, nearUniform: true, state: 'collapsed' });
    expect(r.reason).toMatch(/sampleEntropy 4\.138 \(99\.5% of ln K = 4\.159\)/);
    expect(r.reason).toMatch(/prototypesUsed \(40\) counts argmaxes of flat softmaxes/);
  });
  it('flags near-uniform codes that never left uniform (the tiny preset’s few steps) without calling them a collapse', () => {
    const r = detectCollapse(Array.from({ length: 6 }, (_, i) => step(i, lnK * 1.05, lnK * 0.96, lnK * 0.99, 9)));
    expect(r).toMatchObject({ collapsed: false, nearUniform: true, state: 'near-uniform' });
    expect(r.reason).toMatch(/codes near uniform/);
    expect(detectCollapse(Array.from({ length: 6 }, (_, i) => atLnK(i)))).toMatchObject({ collapsed: false, nearUniform: true });
  });
  it('flags flat codes (targets) even when the predictions are peaked: the loss then sits above ln K', () => {
    const r = detectCollapse(Array.from({ length: 6 }, (_, i) => ({ ...step(i, lnK * 1.6, lnK * 0.55, lnK * 0.85, 6), codeEntropy: lnK * 0.995 })));
    expect(r).toMatchObject({ collapsed: false, nearUniform: true, state: 'near-uniform' });
    expect(r.reason).toMatch(/codes \(targets\) are near uniform.*cannot fall below ln K/);
  });
  it('flags a loss that stays above ln K with peaked codes and predictions (not learning: the tiny preset on the head CT)', () => {
    const lnK10 = Math.log(10);
    const r = detectCollapse(Array.from({ length: 6 }, (_, i) => ({ ...step(i, 3.65, 1.34, 2.06, 6), lnK: lnK10, codeEntropy: 1.13 })));
    expect(r).toMatchObject({ collapsed: false, nearUniform: false, state: 'not-learning' });
    expect(r.reason).toMatch(/loss \(3\.650\) is not below ln K = 2\.303/);
  });
  it('flags everything going to one prototype', () => {
    expect(detectCollapse(Array.from({ length: 6 }, (_, i) => step(i, 0.1, 0.01, 0.01, 1)))).toMatchObject({ collapsed: true, state: 'collapsed' });
  });
  it('a learning run (sampleEntropy falling, meanEntropy high) and a short history are not flagged', () => {
    const learning = Array.from({ length: 20 }, (_, i) => step(i, lnK - 0.05 * i, lnK - 0.1 * i, lnK * 0.98));
    expect(detectCollapse(learning)).toEqual({ collapsed: false, nearUniform: false, state: 'learning' });
    expect(detectCollapse(learning.slice(0, 3)).collapsed).toBe(false);
  });
});
