/**
 * The default embedder on the real head CT (cpu backend; the webgpu comparison is in
 * deepnet.webgpu.test.ts). The cpu backend needs ~0.7 s per 224² slice here, so the CT test uses
 * two runs of 6 contiguous slices far apart instead of all 108.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { deepnetMatrix } from './deepnet';
import { DEFAULT_EMBEDDER_ID, DEFAULT_EMBEDDER_LAYER, loadDefaultEmbedder } from './defaultEmbedder';
import { headCtStack } from './testing/headCt';

/** Slices 30–35 and 70–75 of the head CT (1.5 mm apart within a run, 60 mm between runs). */
const RUNS = [
  [30, 31, 32, 33, 34, 35],
  [70, 71, 72, 73, 74, 75],
];

beforeAll(async () => {
  await initBackend('cpu');
});

describe('default embedder (nsfwjs MobileNetV2 up to block_10_project_BN)', () => {
  it('loads only the frozen trunk: 96-d vectors from 224×224 inputs, nothing left allocated after dispose', async () => {
    const before = tf.memory().numTensors;
    const embedder = await loadDefaultEmbedder();
    expect(embedder.id).toBe(DEFAULT_EMBEDDER_ID);
    expect(embedder.inputSize).toEqual([224, 224]);
    expect(embedder.dim).toBe(96);
    expect(embedder.params?.layer).toBe(DEFAULT_EMBEDDER_LAYER);
    expect(embedder.description).toMatch(/nsfwjs/);
    embedder.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('on the real head CT, adjacent slices score higher than distant ones', async () => {
    const indices = RUNS.flat();
    const stack = headCtStack(indices);
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    const { matrix, backend, params } = await deepnetMatrix(stack, { batchSize: 4, onProgress: (done) => progress.push(done) });
    expect(tf.memory().numTensors).toBe(before);
    expect(backend).toBe('cpu');
    expect(params.embedder).toBe(DEFAULT_EMBEDDER_ID);
    expect(progress).toEqual([4, 8, 12]);
    const n = indices.length;
    const adjacent: number[] = [];
    const distant: number[] = [];
    for (let a = 0; a < n; a++) {
      expect(matrix[a * n + a]).toBe(1);
      for (let b = a + 1; b < n; b++) {
        expect(matrix[a * n + b]).toBe(matrix[b * n + a]);
        const gap = Math.abs(indices[a] - indices[b]);
        if (gap === 1) adjacent.push(matrix[a * n + b]);
        if (gap >= 35) distant.push(matrix[a * n + b]);
      }
    }
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(adjacent)).toBeGreaterThan(mean(distant));
    expect(Math.min(...adjacent)).toBeGreaterThan(mean(distant));
  });

  it('rejects with an AbortError when cancelled, freeing what it loaded', async () => {
    const controller = new AbortController();
    const stack = headCtStack([40, 41, 42]);
    const before = tf.memory().numTensors;
    const run = deepnetMatrix(stack, { batchSize: 1, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the problem when the slice stack is inconsistent', async () => {
    await expect(deepnetMatrix({ n: 2, rows: 4, cols: 4, pixels: new Uint8Array(5) })).rejects.toThrow(/deepnet: slice stack of 2×4×4 needs 32 pixels, got 5/);
  });
});
