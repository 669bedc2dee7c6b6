/** MoCo v2 through pretrain(): metrics, bounded memory, exact resume and the exported encoder (tiny preset, cpu). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../presets';
import { methodPreset } from '../methods';
import { pretrain } from '../pretrain';
import { itResumesExactly, METHOD_TEST_DATA as data, useCpuBackend } from '../testing/methodPretrain';

useCpuBackend();

describe('moco pretrain loop (cpu)', () => {
  it('runs the tiny preset: ln(1 + K), entropies, similarities and top-1 per step; encoder, BN counters, checkpoint', async () => {
    const config = methodPreset('moco', 'tiny', { steps: 4 });
    const counts: number[] = [];
    const r = await pretrain(data, config, { onStep: () => counts.push(tf.memory().numTensors) });
    try {
      expect(r.history.method).toBe('moco');
      expect(r.history.steps).toHaveLength(4);
      const K = config.moco!.queueLength;
      for (const m of r.history.steps) {
        expect(m.lnK).toBeCloseTo(Math.log(1 + K), 12);
        expect(m.sampleEntropy).toBeLessThanOrEqual(m.lnK + 1e-4);
        expect(m.positiveSimilarity!).toBeGreaterThanOrEqual(-1);
        expect(m.positiveSimilarity!).toBeLessThanOrEqual(1 + 1e-5);
        expect(Math.abs(m.negativeSimilarity!)).toBeLessThanOrEqual(1 + 1e-5);
        expect(m.top1!).toBeGreaterThanOrEqual(0);
        expect(m.top1!).toBeLessThanOrEqual(1);
      }
      // two views of one image are closer than random keys from the first step on
      expect(r.history.steps[0].positiveSimilarity!).toBeGreaterThan(r.history.steps[0].negativeSimilarity!);
      expect(new Set(counts).size).toBe(1);
      expect(r.info).toMatchObject({ arch: 'tiny', inputSize: 32, featureDim: 8 });
      const y = r.encoder.predict(tf.zeros([2, 32, 32, 1])) as tf.Tensor;
      expect(y.shape).toEqual([2, 8]);
      y.dispose();
      expect(r.batchesTracked).toEqual({ bn1: 4, bn2: 4 });
      expect(r.checkpoint.tensors.some((t) => t.name === 'key/fc2.weight')).toBe(true);
      expect(r.checkpoint.queue?.name).toBe(`queue/ptr=${(4 * config.batch) % K}`);
    } finally {
      r.encoder.dispose();
    }
  });

  itResumesExactly('moco');

  it('names the field of a bad setting', () => {
    expect(configProblems(methodPreset('moco', 'tiny', { moco: { ...methodPreset('moco', 'tiny').moco!, queueLength: 30 } }))).toContain('moco.queueLength must be a multiple of batch (8), got 30');
    expect(configProblems(methodPreset('moco', 'tiny', { optimizer: { ...methodPreset('moco', 'tiny').optimizer, name: 'lars' } }))[0]).toMatch(/lars is SwAV's/);
  });
});
