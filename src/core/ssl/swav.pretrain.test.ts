/** The training loop: metrics, bounded memory, exact resume, cancel, pause, time budget (tiny sizes, cpu). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../backend';
import { deserializeCheckpoint, serializeCheckpoint } from './checkpoint';
import { pretrainPreset } from './presets';
import { pretrain } from './pretrain';
import { syntheticSlices } from './testing/slices';
import type { PretrainCheckpoint } from './types';

const data = syntheticSlices(12, 40, 40);

beforeAll(async () => {
  expect(await tryBackend('cpu')).toBe(true);
});

describe('swav pretrain loop (cpu)', () => {
  it('runs the tiny preset and reports every metric per step', async () => {
    const config = pretrainPreset('tiny', { steps: 4 });
    const seen: number[] = [];
    const r = await pretrain(data, config, { onStep: (m) => seen.push(m.step) });
    try {
      expect(seen).toEqual([0, 1, 2, 3]);
      expect(r.history.steps).toHaveLength(4);
      for (const m of r.history.steps) {
        expect(m.lnK).toBeCloseTo(Math.log(config.prototypes), 12);
        for (const v of [m.loss, m.lr, m.sampleEntropy, m.meanEntropy, m.imagesPerSecond, m.seconds]) expect(Number.isFinite(v)).toBe(true);
        expect(m.sampleEntropy).toBeLessThanOrEqual(m.lnK + 1e-4);
        expect(m.meanEntropy).toBeLessThanOrEqual(m.lnK + 1e-4);
        expect(m.prototypesUsed).toBeGreaterThanOrEqual(1);
        expect(m.prototypesUsed).toBeLessThanOrEqual(config.prototypes);
      }
      expect(r.history.steps[3].etaSeconds).toBe(0);
      expect(r.history.slicesUsed).toBe(12);
      expect(r.history.stopReason).toBe('completed');
      expect(Number.isInteger(r.history.kernelsPerStep)).toBe(true);
      expect(r.history.kernelsPerStep).toBeGreaterThan(50);
      expect(r.info).toMatchObject({ arch: 'tiny', inputSize: 32, channels: 1, mean: 0.5, std: 0.25, featureDim: 8 });
      const y = r.encoder.predict(tf.zeros([2, 32, 32, 1])) as tf.Tensor;
      expect(y.shape).toEqual([2, 8]);
      y.dispose();
      expect(r.batchesTracked).toEqual({ bn1: 8, bn2: 8 });
    } finally {
      r.encoder.dispose();
    }
  });

  it('hears an abort fired from a timer mid-run: the loop yields to the event loop between steps', async () => {
    // A worker's pause and cancel messages arrive as macrotasks, like this timer; on the cpu backend
    // every await inside a step resolves as a microtask, so without a yield the run would finish first.
    const controller = new AbortController();
    const config = pretrainPreset('tiny', { steps: 200 });
    let steps = 0;
    setTimeout(() => controller.abort(), 0);
    await expect(pretrain(data, config, { signal: controller.signal, onStep: () => steps++ })).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps).toBeLessThan(5);
  });

  it('keeps the tensor count constant from step to step (bounded memory)', async () => {
    const counts: number[] = [];
    const config = pretrainPreset('tiny', { steps: 6, queueLength: 16, queueStartStep: 0 });
    const r = await pretrain(data, config, { onStep: () => counts.push(tf.memory().numTensors) });
    r.encoder.dispose();
    // the flat optimiser caches one element mask per pattern of frozen tensors and of Adam step
    // counts (prototypes frozen for freezePrototypesSteps, then a step behind): constant after that
    const settled = counts.slice(config.freezePrototypesSteps + 1);
    expect(settled.length).toBeGreaterThan(2);
    expect(new Set(settled).size).toBe(1);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(3);
  });

  it('resumes bit-exactly from a serialised checkpoint (Adam and LARS, with a queue)', async () => {
    for (const optimizer of ['adam', 'lars'] as const) {
      const config = pretrainPreset('tiny', { steps: 6, queueLength: 8, queueStartStep: 1, optimizer: { ...pretrainPreset('tiny').optimizer, name: optimizer, lr: optimizer === 'lars' ? 0.3 : 1e-3, schedule: 'cosine', warmupSteps: 2 } });
      let atThree: Uint8Array | undefined;
      const straight = await pretrain(data, config, { checkpointEvery: 3, onCheckpoint: (c) => void (c.step === 3 && (atThree = serializeCheckpoint(c))) });
      straight.encoder.dispose();
      expect(atThree).toBeDefined();
      const resumed = await pretrain(data, config, {}, deserializeCheckpoint(atThree!));
      resumed.encoder.dispose();
      expect(resumed.checkpoint.step).toBe(6);
      expect(resumed.checkpoint.rngState).toEqual(straight.checkpoint.rngState);
      expectSameTensors(resumed.checkpoint, straight.checkpoint);
      expect(resumed.history.steps.map((m) => m.loss)).toEqual(straight.history.steps.map((m) => m.loss));
    }
  });

  it('cancels with an AbortError after handing over a resumable checkpoint', async () => {
    const controller = new AbortController();
    const checkpoints: number[] = [];
    const config = pretrainPreset('tiny', { steps: 10 });
    const run = pretrain(data, config, {
      signal: controller.signal,
      onStep: (m) => m.step === 1 && controller.abort(),
      onCheckpoint: (c) => void checkpoints.push(c.step),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(checkpoints).toEqual([2]);
  });

  it('waits while paused and then finishes', async () => {
    let polls = 0;
    const r = await pretrain(data, pretrainPreset('tiny', { steps: 2 }), { shouldPause: () => ++polls <= 3 });
    r.encoder.dispose();
    expect(polls).toBeGreaterThan(3);
    expect(r.history.steps).toHaveLength(2);
  });

  it('times exclude pauses: seconds trained are the wall time less the pause', async () => {
    let polls = 0;
    const t0 = performance.now();
    const r = await pretrain(data, pretrainPreset('tiny', { steps: 2 }), { shouldPause: () => ++polls <= 5 }); // ≥ 5 polls of 100 ms
    const wall = (performance.now() - t0) / 1000;
    r.encoder.dispose();
    expect(r.history.seconds).toBeLessThanOrEqual(wall - 0.45);
    expect(r.history.steps[1].seconds).toBeLessThanOrEqual(wall - 0.45);
  });

  it('stops at the time budget with a checkpoint', async () => {
    const r = await pretrain(data, pretrainPreset('tiny', { steps: 1000, timeBudgetSeconds: 0.5 }));
    r.encoder.dispose();
    expect(r.history.stopReason).toBe('timeBudget');
    expect(r.checkpoint.step).toBe(r.history.steps.length);
    expect(r.history.steps.length).toBeLessThan(1000);
  });

  it('fine-tunes the MobileNetV2 trunk (nsfwjs weights) and exports 96-d features', async () => {
    const config = pretrainPreset('tiny', { arch: 'mobilenetv2', mean: 0, std: 1, batch: 4, steps: 1 });
    const r = await pretrain(data, config);
    expect(r.info).toMatchObject({ arch: 'mobilenetv2', featureDim: 96, mean: 0, std: 1 });
    const y = r.encoder.predict(tf.zeros([1, 32, 32, 1])) as tf.Tensor;
    expect(y.shape).toEqual([1, 96]);
    y.dispose();
    r.encoder.dispose();
  });

  it('rejects a bad config with a message naming the field', async () => {
    await expect(pretrain(data, pretrainPreset('tiny', { batch: 0 }))).rejects.toThrow(/batch must be a positive integer/);
  });
});

function expectSameTensors(a: PretrainCheckpoint, b: PretrainCheckpoint): void {
  const all = (c: PretrainCheckpoint) => [...c.tensors, ...c.optimizer, ...(c.queue ? [c.queue] : [])];
  const bm = new Map(all(b).map((t) => [t.name, t.data]));
  for (const t of all(a)) {
    const other = bm.get(t.name);
    expect(other, t.name).toBeDefined();
    expect(Buffer.from(t.data.buffer).equals(Buffer.from(other!.buffer)), `${t.name} bit-identical`).toBe(true);
  }
  expect(all(a).length).toBe(all(b).length);
}
