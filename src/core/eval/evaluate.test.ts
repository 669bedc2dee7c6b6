/**
 * evaluateEncoder end to end on tiny synthetic sets (tfjs cpu backend, seconds): a separable set
 * scores high, shuffled labels score at chance, mean/std are the runs', and a loaded model's
 * weights survive fine-tuning unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateEncoder } from './evaluate';
import { PROBE_CS } from './linearProbe';
import { makeLabelledSet } from './labelled';
import { mean, std } from './metrics';
import { createRng, shuffleInPlace } from './random';
import { NO_GROUPS_FOLDS } from './splits';
import { syntheticSamples, tinyEncoder } from './testing/tinyEncoder';
import type { EncoderSource, LabelledSet } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const set = (samples = syntheticSamples({ perClass: 30, size: 12 })): LabelledSet => makeLabelledSet(samples, { task: 'synthetic' });
const scratch: EncoderSource = { kind: 'scratch', spec: { arch: 'tiny', inputSize: 12, width: 4 }, build: tinyEncoder };

describe('evaluateEncoder', () => {
  it('a separable set scores high with a linear probe on a scratch encoder, 5 folds', async () => {
    const r = await evaluateEncoder(set(), scratch, { protocol: 'linear', runs: 5, epochs: 30, seed: 1 });
    expect(r.runs).toHaveLength(5);
    expect(r.splitMode).toBe('k-fold');
    expect(r.mean.auc).toBeGreaterThan(0.95);
    expect(r.classes).toEqual([{ name: 'a', count: 30 }, { name: 'b', count: 30 }]);
    expect(r.notes.filter((n) => /no groups/.test(n))).toEqual([NO_GROUPS_FOLDS]);
    for (const run of r.runs) expect(run.trainCount + run.valCount + run.testCount).toBe(60);
  });

  it('linear: every run records the C its validation part chose; the settings name the lbfgs probe', async () => {
    const r = await evaluateEncoder(set(), { kind: 'pixels', size: 6 }, { protocol: 'linear', runs: 3, epochs: 1, seed: 2 });
    for (const run of r.runs) {
      expect(PROBE_CS).toContain(run.chosenC);
      expect(run.valAuc).toBeGreaterThan(0.5);
      expect(run.epochsTrained).toBeUndefined();
    }
    expect(r.settings.probe).toMatchObject({ solver: 'lbfgs', cs: [...PROBE_CS] });
    expect(r.notes.join(' ')).toMatch(/lbfgs.*C chosen on the validation part/);
  });

  it('mean and std are the runs\' own (sample std, ddof 1)', async () => {
    const r = await evaluateEncoder(set(), { kind: 'pixels', size: 6 }, { protocol: 'linear', runs: 5, epochs: 20, seed: 3 });
    for (const k of ['auc', 'f1', 'accuracy'] as const) {
      expect(r.mean[k]).toBe(mean(r.runs.map((x) => x[k])));
      expect(r.std[k]).toBe(std(r.runs.map((x) => x[k]), 1));
    }
  });

  it('finetune trains the head first, then all layers, and leaves a loaded model as it was', async () => {
    const model = tinyEncoder({ arch: 'tiny', inputSize: 12, width: 4 }, 5);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const phases = new Set<string>();
    const tensorsBefore = tf.memory().numTensors;
    const source: EncoderSource = { kind: 'model', model, name: 'test-encoder', info: { arch: 'tiny', inputSize: 12, channels: 1, mean: 0.5, std: 0.25, featureDim: 4, provenance: { config: { preset: 'tiny' }, slicesUsed: 10, steps: 3, seconds: 1 } } };
    const r = await evaluateEncoder(set(), source, { protocol: 'finetune', runs: 2, epochs: 15, headOnlyEpochs: 3, batch: 16, lr: 3e-2, lrEncoder: 3e-3, seed: 2, onProgress: (p) => phases.add(p.phase) });
    expect([...phases].sort()).toEqual(['train-all', 'train-head']);
    expect(r.mean.auc).toBeGreaterThan(0.8);
    expect(r.encoder).toMatchObject({ name: 'test-encoder', kind: 'model', provenance: { slicesUsed: 10 } });
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('given split: the same test part in every run, one seed per run, val carved from train', async () => {
    const samples = syntheticSamples({ perClass: 20, size: 8 }).map((s, i) => ({ ...s, split: i % 4 === 0 ? ('test' as const) : ('train' as const) }));
    const r = await evaluateEncoder(set(samples), { kind: 'pixels', size: 4 }, { protocol: 'linear', runs: 3, epochs: 10, seed: 9 });
    expect(r.splitMode).toBe('given-split');
    expect(r.runs.map((x) => x.seed)).toEqual([9, 10, 11]);
    expect(new Set(r.runs.map((x) => x.testCount))).toEqual(new Set([10]));
  });

  it('raw-pixel baseline cannot be fine-tuned', async () => {
    await expect(evaluateEncoder(set(), { kind: 'pixels', size: 4 }, { protocol: 'finetune', runs: 5, epochs: 1, seed: 1 })).rejects.toThrow(/linear protocol/);
  });

  it('aborts between batches', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(evaluateEncoder(set(), scratch, { protocol: 'linear', runs: 5, epochs: 1, seed: 1, signal: ac.signal })).rejects.toThrow(/aborted/);
  });
});

describe('negative control: shuffled labels score at chance', () => {
  /*
   * Under the null (labels independent of the pixels) one fold's test AUC with n₀ = n₁ = 20 has
   * sd √((n₀+n₁+1)/(12·n₀·n₁)) ≈ 0.092 (Mann–Whitney); the mean of 5 folds ≈ 0.041. The band
   * 0.5 ± 0.15 is > 3.5 sd wide, while a score taken on the training part reaches ≥ 0.9 here.
   */
  const shuffled = () => {
    const samples = syntheticSamples({ perClass: 100, size: 12, seed: 11 });
    const labels = shuffleInPlace(samples.map((s) => s.label), createRng(4));
    return set(samples.map((s, i) => ({ ...s, label: labels[i] })));
  };

  it('raw pixels, linear probe, 5 folds: AUC within 0.5 ± 0.15', async () => {
    const r = await evaluateEncoder(shuffled(), { kind: 'pixels', size: 12 }, { protocol: 'linear', runs: 5, epochs: 50, seed: 1 });
    expect(Math.abs(r.mean.auc - 0.5)).toBeLessThan(0.15);
    expect(Math.abs(r.mean.accuracy - 0.5)).toBeLessThan(0.15);
  });

  it('scratch encoder, fine-tune (head, then all layers), 5 folds of 120: AUC within 0.5 ± 0.2', async () => {
    // 24 test slices per fold: sd ≈ 0.12 per fold, ≈ 0.054 for the mean of 5; ± 0.2 is > 3.5 sd.
    const samples = syntheticSamples({ perClass: 60, size: 12, seed: 12 });
    const labels = shuffleInPlace(samples.map((s) => s.label), createRng(5));
    const r = await evaluateEncoder(set(samples.map((s, i) => ({ ...s, label: labels[i] }))), scratch, { protocol: 'finetune', runs: 5, epochs: 6, headOnlyEpochs: 3, batch: 32, lr: 3e-2, lrEncoder: 3e-3, seed: 1 });
    expect(Math.abs(r.mean.auc - 0.5)).toBeLessThan(0.2);
  });

  it('scratch encoder, linear probe, 5 folds: AUC within 0.5 ± 0.15', async () => {
    const r = await evaluateEncoder(shuffled(), scratch, { protocol: 'linear', runs: 5, epochs: 50, seed: 1 });
    expect(Math.abs(r.mean.auc - 0.5)).toBeLessThan(0.15);
  });
});
