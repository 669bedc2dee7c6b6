/**
 * cpu and webgpu give the same DeepNet embeddings and matrix. In Node, WebGPU comes from the
 * `webgpu` package (Dawn) on SwiftShader, 2–4 s per 224² slice on this machine, so the default
 * network sees 1 slice and the backend switch of deepnetMatrix is checked with a tiny model.
 * Skipped, with the reason, when no WebGPU adapter is available.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { settleBackend } from '../../runtime/settleBackend';
import { installNodeWebgpu, releaseNodeWebgpu } from '../../backend/nodeWebgpu';
import { deepnetMatrix, embedStack } from './deepnet';
import { loadDefaultEmbedder } from './defaultEmbedder';
import { embedderFromLayersModel } from './modelEmbedder';
import { headCtStack } from './testing/headCt';

const gpu = await installNodeWebgpu();

/** Default-network embedding of one head CT slice, computed on `backend`. */
async function embedOn(backend: 'cpu' | 'webgpu'): Promise<Float32Array> {
  await initBackend(backend);
  const embedder = await loadDefaultEmbedder();
  try {
    return await embedStack(headCtStack([50]), embedder);
  } finally {
    embedder.dispose();
  }
}

afterAll(async () => {
  await initBackend('cpu');
  releaseNodeWebgpu();
});

describe.skipIf(!gpu.ok)(`DeepNet on webgpu vs cpu (${gpu.detail})`, () => {
  it('default-network embeddings agree within float32 tolerance', async () => {
    const cpu = await embedOn('cpu');
    const webgpu = await embedOn('webgpu');
    const scale = Math.max(...cpu.map(Math.abs));
    const worst = Math.max(...cpu.map((v, k) => Math.abs(v - webgpu[k])));
    expect(worst / scale).toBeLessThan(1e-4);
  });

  it('deepnetMatrix runs on the settled backend and reports it', async () => {
    await initBackend('cpu');
    const input = tf.input({ shape: [32, 32, 1] });
    const conv = tf.layers.conv2d({ filters: 8, kernelSize: 3, name: 'enc', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) });
    const encoder = tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
    const stack = headCtStack([10, 11, 60, 61]);
    await settleBackend('cpu');
    const onCpu = await deepnetMatrix(stack, { embedder: embedderFromLayersModel(encoder, { source: 'tiny' }) });
    // Weights made on cpu move to webgpu on first use (cpu data is readable synchronously).
    await settleBackend('webgpu');
    const onGpu = await deepnetMatrix(stack, { embedder: embedderFromLayersModel(encoder, { source: 'tiny' }) });
    expect([onGpu.backend, onCpu.backend]).toEqual(['webgpu', 'cpu']);
    onGpu.matrix.forEach((v, k) => expect(v).toBeCloseTo(onCpu.matrix[k], 5));
    encoder.dispose();
  });
});
