/** The dense MIM control through pretrain(): the loss falls, memory stays bounded, resume is exact, the encoder exports (tiny preset, cpu). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../presets';
import { methodPreset } from '../methods';
import { pretrain } from '../pretrain';
import { itResumesExactly, METHOD_TEST_DATA as data, useCpuBackend } from '../testing/methodPretrain';

useCpuBackend();

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

  itResumesExactly('mim');

  it('names the field of a bad setting', () => {
    const base = methodPreset('mim', 'tiny');
    expect(configProblems({ ...base, mim: { patchSize: 5, maskRatio: 0.6 } })).toContain('mim.patchSize (5) must divide inputSize (32)');
    expect(configProblems({ ...base, mim: { patchSize: 4, maskRatio: 1 } })).toContain('mim.maskRatio must be in (0, 1), got 1');
  });
});
