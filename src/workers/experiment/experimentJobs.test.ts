/**
 * The experiment worker's jobs in Node (cpu backend, tiny sizes): pre-training reports steps and
 * checkpoints in the order the app relies on, its encoder files load back with the stated feature
 * size, a run resumed from a checkpoint ends where the uninterrupted run ends, and evaluation reads
 * a labelled folder picked as files.
 */
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { settleBackend } from '../../core/runtime/settleBackend';
import { pretrainPreset } from '../../core/ssl/presets';
import { syntheticSlices } from '../../core/ssl/testing/slices';
import type { JobContext } from '../jobHost';
import type { JobMetrics } from '../jobProtocol';
import { readSafetensors } from '../../core/ssl/export/safetensors';
import { encoderFromFiles } from './encoderFiles';
import { evaluateJob } from './evaluateJob';
import type { PretrainJobParams, TrainingVolume } from './experimentJobs';
import { pretrainJob } from './pretrainJob';

interface Seen { progress: { done: number; metrics?: Partial<JobMetrics> }[]; checkpoints: Uint8Array[]; order: string[] }

function context(): { ctx: JobContext; seen: Seen } {
  const seen: Seen = { progress: [], checkpoints: [], order: [] };
  const ctx: JobContext = {
    jobId: 'test', signal: new AbortController().signal,
    progress: (done, _total, metrics) => { seen.progress.push({ done, metrics }); seen.order.push(metrics?.checkpointStep !== undefined ? `cp-step ${metrics.checkpointStep}` : 'progress'); },
    checkpoint: (bytes) => { seen.checkpoints.push(bytes.slice()); seen.order.push('checkpoint'); },
    pausePoint: async () => undefined,
  };
  return { ctx, seen };
}

function volume(count = 12, size = 24): TrainingVolume {
  const s = syntheticSlices(count, size, size, 3);
  const voxels = new Uint8Array(count * size * size);
  for (let i = 0; i < count; i++) voxels.set(s.slice(i), i * size * size);
  return { id: 'v', name: 'synthetic', rows: size, cols: size, slices: count, spacing: [1, 1, 1], dtype: 'uint8', voxels: voxels.buffer, kept: Array.from({ length: count }, (_, i) => i) };
}

const config = pretrainPreset('tiny', { steps: 4, inputSize: 16, cropSizes: [16, 8], batch: 4, preset: 'tiny' });
const params = (over: Partial<PretrainJobParams> = {}): PretrainJobParams => ({ volumes: [volume()], config, checkpointEvery: 2, backend: 'cpu', ...over });

describe('experiment jobs', () => {
  beforeAll(async () => {
    await settleBackend('cpu');
  });

  it('pretrain: a progress event with checkpointStep precedes each checkpoint; the encoder files load back', async () => {
    const { ctx, seen } = context();
    const { result } = await pretrainJob(params(), ctx);
    const steps = seen.progress.filter((p) => typeof p.metrics?.loss === 'number');
    expect(steps.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(steps[0].metrics).toMatchObject({ backend: expect.stringContaining('cpu'), memoryBytes: expect.any(Number), lnK: Math.log(config.prototypes) });
    seen.order.forEach((o, k) => { if (o === 'checkpoint') expect(seen.order[k - 1]).toMatch(/^cp-step \d+$/); });
    expect(seen.checkpoints.length).toBeGreaterThanOrEqual(2);
    expect(result.history.steps).toHaveLength(4);
    expect(result.encoder.files.map((f) => f.name)).toEqual(['model.json', 'weights.bin', 'ctsieve-encoder.json']);
    const model = await encoderFromFiles(result.encoder.files, 'test encoder');
    const out = model.predict(tf.zeros([2, result.encoder.info.inputSize, result.encoder.info.inputSize, 1])) as tf.Tensor;
    expect(out.shape).toEqual([2, result.encoder.info.featureDim]);
    tf.dispose([out]);
    model.dispose();
    // tiny has PyTorch names (golden_swav.py's Tiny backbone): the safetensors travels with the encoder
    const st = readSafetensors(result.encoder.safetensors ?? new Uint8Array());
    expect([...st.entries.keys()]).toEqual(['conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked',
      'conv2.weight', 'bn2.weight', 'bn2.bias', 'bn2.running_mean', 'bn2.running_var', 'bn2.num_batches_tracked']);
    expect(st.entries.get('conv2.weight')?.shape).toEqual([8, 4, 3, 3]);
    expect(st.metadata).toMatchObject({ arch: 'tiny', inputSize: '16' });
  });

  it('pretrain: resumed from its step-2 checkpoint, a run ends with the uninterrupted run\'s loss', async () => {
    const whole = context();
    const full = await pretrainJob(params(), whole.ctx);
    const half = whole.seen.checkpoints[0];
    const resumed = await pretrainJob(params({ resumeFrom: half.slice().buffer }), context().ctx);
    expect(resumed.result.history.steps.map((m) => m.step)).toEqual([0, 1, 2, 3]);
    expect(resumed.result.history.steps[3].loss).toBe(full.result.history.steps[3].loss);
  });

  it('evaluate: a labelled folder picked as files (raw-pixel probe, 2 classes, 3 runs)', async () => {
    const files: { path: string; bytes: Uint8Array }[] = [];
    for (const [label, value] of [['dark', 40], ['bright', 200]] as const) {
      for (let i = 0; i < 20; i++) {
        const data = new Uint8Array(16 * 16).map((_, k) => Math.min(255, value + ((k * 7 + i * 13) % 30)));
        files.push({ path: `set/${label}/p${i % 10}/s${i}.png`, bytes: encode({ width: 16, height: 16, data, channels: 1, depth: 8 }) });
      }
    }
    const { result } = await evaluateJob({ task: { kind: 'labelled', files }, encoder: { kind: 'pixels', size: 8 }, protocol: 'linear', runs: 3, epochs: 5, seed: 1, backend: 'cpu' }, context().ctx);
    expect(result.task).toBe('set');
    expect(result.classes.map((c) => c.name)).toEqual(['bright', 'dark']);
    expect(result.runs).toHaveLength(3);
    expect(result.mean.accuracy).toBeGreaterThan(0.9);
  });
});
