import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleBackend } from '../core/runtime/settleBackend';
import { modelArtifacts, weightBytes } from '../core/similarity/embedding/testing/modelArtifacts';
import { convReluOnnx } from '../core/similarity/embedding/testing/onnxModel';
import { loadEmbedderFromPath, takeModelFlags } from './model';

const dir = mkdtempSync(join(tmpdir(), 'ctsieve-model-'));

/** Saves a tiny conv model as model.json + weights.bin, like tensorflowjs_converter output. */
async function writeTinyModel(folder: string): Promise<void> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 3, kernelSize: 3, name: 'c1' }),
      tf.layers.conv2d({ filters: 5, kernelSize: 3, name: 'c2' }),
    ],
  });
  const a = await modelArtifacts(model);
  const json = { modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
  writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
  writeFileSync(join(folder, 'weights.bin'), weightBytes(a));
  model.dispose();
}

beforeAll(async () => {
  await settleBackend('cpu');
  await writeTinyModel(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('takeModelFlags', () => {
  it('takes the model flags out of argv and parses them', () => {
    const { rest, flags } = takeModelFlags(
      ['vol.nii.gz', '--method', 'deepnet', '--model', 'm/model.json', '--layer=c1', '--input-size', '64,48', '--mean', '0.485,0.456,0.406', '--std', '0.25', '--batch-size', '4'],
      'similarity',
    );
    expect(rest).toEqual(['vol.nii.gz', '--method', 'deepnet']);
    expect(flags).toEqual({
      model: 'm/model.json',
      batchSize: 4,
      options: { layer: 'c1', inputSize: [64, 48], normalisation: { mean: [0.485, 0.456, 0.406], std: 0.25 } },
    });
  });

  it('returns no flags when none is given', () => {
    expect(takeModelFlags(['x', '--method', 'hash'], 'reduce')).toEqual({ rest: ['x', '--method', 'hash'] });
  });

  it.each([
    [['--input-size', '64'], /--input-size '64' must be H,W/],
    [['--model', 'm', '--mean', 'abc'], /--mean 'abc' must be a number/],
    [['--model', 'm', '--std', '0'], /--std must not be 0/],
    [['--layer', 'x'], /--layer need --model PATH/],
    [['--model'], /--model needs a value/],
    [['--model', 'a', '--model', 'b'], /--model given twice/],
  ])('names the problem in %j', (args, message) => {
    expect(() => takeModelFlags(args, 'similarity')).toThrow(message);
  });
});

describe('loadEmbedderFromPath', () => {
  it('loads model.json + shards from a folder, cut at the chosen layer', async () => {
    const embedder = await loadEmbedderFromPath(dir, { layer: 'c1' });
    expect(embedder.dim).toBe(3);
    expect(embedder.inputSize).toEqual([12, 12]);
    const out = await embedder.embed(tf.ones([2, 12, 12, 1]));
    expect(out.shape).toEqual([2, 3]);
    out.dispose();
    embedder.dispose();
  });

  it('loads an .onnx file with onnxruntime-web (wasm)', async () => {
    const kernel = Float32Array.from({ length: 18 }, (_, i) => (i < 9 ? 1 : i === 13 ? -1 : 0));
    writeFileSync(join(dir, 'tiny.onnx'), convReluOnnx(1, 8, 8, kernel, 2, 3));
    const { flags } = takeModelFlags(['--model', join(dir, 'tiny.onnx'), '--layer', 'conv_out', '--layout', 'NCHW'], 'similarity');
    const embedder = await loadEmbedderFromPath(flags?.model ?? '', flags?.options);
    expect([embedder.dim, ...embedder.inputSize]).toEqual([2, 8, 8]);
    embedder.dispose();
  });

  it('names missing files and broken models', async () => {
    await expect(loadEmbedderFromPath(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: no such file or folder/);
    writeFileSync(join(dir, 'm.onnx'), 'x');
    await expect(loadEmbedderFromPath(join(dir, 'm.onnx'))).rejects.toThrow(/m\.onnx: onnxruntime could not load the model/);
    await expect(loadEmbedderFromPath(dir, { layout: 'NHWC' })).rejects.toThrow(/--layout applies to ONNX models only/);
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }));
    await expect(loadEmbedderFromPath(join(dir, 'broken.json'))).rejects.toThrow(/weight file .*gone\.bin is missing/);
  });
});
