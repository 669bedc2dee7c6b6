/** The dense MIM control through pretrain(): the loss falls, memory stays bounded, resume is exact, the encoder exports (tiny preset, cpu). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { deserializeCheckpoint, serializeCheckpoint } from '../checkpoint';
import { configProblems } from '../presets';
import { methodPreset } from '../methods';
import { pretrain } from '../pretrain';
import { syntheticSlices } from '../testing/slices';
import type { PretrainCheckpoint } from '../types';

const data = syntheticSlices(12, 40, 40);

beforeAll(async () => {
  expect(await tryBackend('cpu')).toBe(true);
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('mim pretrain loop (cpu)', () => {
  it('reconstruction loss falls below its zero-prediction level within 20 tiny steps; memory stays bounded', async () => {
    const config = methodPreset('mim', 'tiny', { steps: 20, optimizer: { ...methodPreset('mim', 'tiny').optimizer, lr: 1e-2 } });
    const counts: number[] = [];
    const r = await pretrain(data, config, { onStep: () => counts.push(tf.memory().numTensors) });
    try {
      const steps = r.history.steps;
      expect(r.history.method).toBe('mim');
      expect(new Set(counts).size).toBe(1);
      for (const m of steps) expect(m.zeroPredictionLoss).toBeCloseTo(m.lnK, 12);
      expect(mean(steps.slice(-5).map((m) => m.loss))).toBeLessThan(mean(steps.slice(0, 5).map((m) => m.loss)));
      expect(mean(steps.slice(-5).map((m) => m.loss))).toBeLessThan(mean(steps.slice(-5).map((m) => m.zeroPredictionLoss!)));
      const y = r.encoder.predict(tf.zeros([2, 32, 32, 1])) as tf.Tensor;
      expect(y.shape).toEqual([2, 8]);
      y.dispose();
      expect(r.batchesTracked).toEqual({ bn1: 20, bn2: 20 });
    } finally {
      r.encoder.dispose();
    }
  });

  it('resumes exactly: 2 + 2 steps through a serialised checkpoint give the 4-step losses', async () => {
    const config = methodPreset('mim', 'tiny', { steps: 4 });
    const whole = await pretrain(data, config);
    whole.encoder.dispose();
    let saved: PretrainCheckpoint | undefined;
    const first = await pretrain(data, { ...config, steps: 2 }, { onCheckpoint: (c) => void (saved = c) });
    first.encoder.dispose();
    const resumed = await pretrain(data, config, {}, deserializeCheckpoint(serializeCheckpoint(saved!)));
    resumed.encoder.dispose();
    expect(resumed.history.steps.map((m) => m.loss)).toEqual(whole.history.steps.map((m) => m.loss));
  });

  it('names the field of a bad setting', () => {
    const base = methodPreset('mim', 'tiny');
    expect(configProblems({ ...base, mim: { patchSize: 5, maskRatio: 0.6 } })).toContain('mim.patchSize (5) must divide inputSize (32)');
    expect(configProblems({ ...base, mim: { patchSize: 4, maskRatio: 1 } })).toContain('mim.maskRatio must be in (0, 1), got 1');
  });
});
