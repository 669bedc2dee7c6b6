/**
 * Bring-your-own models: tiny tfjs models built in the test, saved to memory, loaded through
 * loadTfjsEmbedder exactly as a user's model.json + shards would be.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { deepnetMatrix } from './deepnet';
import { loadTfjsEmbedder } from './loadTfjsEmbedder';
import { embedderFromLayersModel } from './modelEmbedder';
import { modelArtifacts } from './testing/modelArtifacts';


/** 3-channel 16×16 input → conv(4) → conv(6): a stand-in for a user's CNN. */
function tinyConvModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv_a', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.conv2d({ filters: 6, kernelSize: 3, name: 'conv_b', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

/** 16×16 slices with a bright square at a slice-dependent place. */
function squares(n: number) {
  const pixels = new Uint8Array(n * 16 * 16);
  for (let k = 0; k < n; k++) for (let r = 2 + k; r < 8 + k; r++) for (let c = 3; c < 9; c++) pixels[k * 256 + r * 16 + c] = 200;
  return { n, rows: 16, cols: 16, pixels };
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('loadTfjsEmbedder (layers model from memory)', () => {
  it('loads a user model, cuts it at the chosen layer and average-pools it', async () => {
    const model = tinyConvModel();
    const embedder = await loadTfjsEmbedder(tf.io.fromMemory(await modelArtifacts(model)), { layer: 'conv_a', name: 'tiny/model.json', normalisation: { mean: 0.5, std: 0.25 } });
    expect(embedder.inputSize).toEqual([16, 16]);
    expect(embedder.dim).toBe(4);
    expect(embedder.id).toContain('tiny/model.json#conv_a');
    const gray = tf.randomUniform([2, 16, 16, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
    const got = await embedder.embed(gray);
    const expected = tf.tidy(() => {
      const x = tf.tile(gray, [1, 1, 1, 3]).sub(0.5).div(0.25);
      return tf.mean(model.getLayer('conv_a').apply(x) as tf.Tensor, [1, 2]);
    });
    expect(got.shape).toEqual([2, 4]);
    const [g, e] = [await got.data(), await expected.data()];
    g.forEach((v, k) => expect(v).toBeCloseTo(e[k], 5));
    tf.dispose([gray, got, expected]);
    embedder.dispose();
    model.dispose();
  });

  it('uses the model output by default and feeds deepnetMatrix, leaking no tensors', async () => {
    const model = tinyConvModel();
    const embedder = await loadTfjsEmbedder(tf.io.fromMemory(await modelArtifacts(model)));
    model.dispose();
    expect(embedder.dim).toBe(6);
    const before = tf.memory().numTensors;
    const { matrix, params } = await deepnetMatrix(squares(4), { embedder, batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(matrix.length).toBe(16);
    expect(params.embedder).toBe(embedder.id);
    for (let i = 0; i < 4; i++) expect(matrix[i * 4 + i]).toBe(1);
    embedder.dispose();
  });

  it('names the missing layer and lists the layers', async () => {
    const model = tinyConvModel();
    const source = tf.io.fromMemory(await modelArtifacts(model));
    model.dispose();
    await expect(loadTfjsEmbedder(source, { layer: 'conv_z', name: 'tiny.json' })).rejects.toThrow(/tiny\.json: no layer named 'conv_z'; layers: conv_a, conv_b/);
  });

  it('rejects an input size that contradicts the model', async () => {
    const model = tinyConvModel();
    const source = tf.io.fromMemory(await modelArtifacts(model));
    model.dispose();
    await expect(loadTfjsEmbedder(source, { inputSize: [32, 32], name: 'tiny.json' })).rejects.toThrow(/32×32 does not match the model's fixed input 16×16/);
  });

  it('wraps a functional single-channel encoder (the SwAV plug-in path) with a free input size', async () => {
    const input = tf.input({ shape: [null, null, 1] as unknown as number[] });
    const conv = tf.layers.conv2d({ filters: 5, kernelSize: 3, name: 'enc' }).apply(input) as tf.SymbolicTensor;
    const encoder = tf.model({ inputs: input, outputs: conv });
    const embedder = embedderFromLayersModel(encoder, { inputSize: [20, 24], source: 'swav-encoder' });
    expect(embedder.inputSize).toEqual([20, 24]);
    expect(embedder.dim).toBe(5);
    const { matrix } = await deepnetMatrix(squares(3), { embedder });
    expect(matrix[1]).toBe(matrix[3]);
    embedder.dispose();
    encoder.dispose();
  });
});
