/**
 * ONNX bring-your-own: a tiny Conv → Relu model written in the test (testing/onnxModel.ts), run by
 * onnxruntime-web's WebAssembly provider in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { deepnetMatrix } from './deepnet';
import { loadOnnxEmbedder } from './onnxEmbedder';
import { convReluOnnx } from './testing/onnxModel';

/** Out channel 0 sums the 3×3 window; out channel 1 is minus the centre pixel. Layout [outC, inC, k, k]. */
const KERNEL = Float32Array.from({ length: 18 }, (_, i) => (i < 9 ? 1 : i === 13 ? -1 : 0));
const MODEL = convReluOnnx(1, 8, 8, KERNEL, 2, 3);

beforeAll(async () => {
  await initBackend('cpu');
});

describe('loadOnnxEmbedder', () => {
  it('reads the input size from the model and pools the chosen output', async () => {
    const before = tf.memory().numTensors;
    const embedder = await loadOnnxEmbedder(MODEL, { name: 'tiny.onnx', layer: 'conv_out', executionProviders: ['wasm'] });
    expect(embedder.inputSize).toEqual([8, 8]);
    expect(embedder.dim).toBe(2);
    expect(embedder.id).toBe('onnx:tiny.onnx#conv_out');
    const gray = tf.fill([1, 8, 8, 1], 0.5) as tf.Tensor4D;
    const out = await embedder.embed(gray);
    expect(Array.from(await out.data())).toEqual([4.5, -0.5]);
    tf.dispose([gray, out]);
    embedder.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs inside deepnetMatrix with the default output (after ReLU) and leaks no tensors', async () => {
    const embedder = await loadOnnxEmbedder(MODEL, { name: 'tiny.onnx', executionProviders: ['wasm'] });
    const pixels = new Uint8Array(3 * 64);
    pixels.fill(255, 0, 64);
    pixels.fill(100, 64, 128);
    pixels.fill(250, 128, 192);
    const before = tf.memory().numTensors;
    const { matrix, params } = await deepnetMatrix({ n: 3, rows: 8, cols: 8, pixels }, { embedder, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(params.layer).toBe('y');
    // Uniform slices give parallel vectors [9g, 0]: cosine 1 everywhere.
    matrix.forEach((v) => expect(v).toBeCloseTo(1, 6));
    embedder.dispose();
  });

  it('names a missing output and a broken file', async () => {
    await expect(loadOnnxEmbedder(MODEL, { name: 'tiny.onnx', layer: 'fc', executionProviders: ['wasm'] })).rejects.toThrow(/tiny\.onnx: no output named 'fc'; outputs: y, conv_out/);
    await expect(loadOnnxEmbedder(new Uint8Array([1, 2, 3]), { name: 'junk.onnx', executionProviders: ['wasm'] })).rejects.toThrow(/junk\.onnx: onnxruntime could not load the model/);
  });
});
