/**
 * Contract A: the export form (tfjs-layers model) computes what the training form computes in
 * eval mode, survives a save/load without custom classes, and the MobileNetV2 trunk conversion
 * reproduces nsfwjs's own network on gray input.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { defaultEmbedderArtifacts } from '../../similarity/embedding/defaultEmbedder';
import { DEFAULT_EMBEDDER_LAYER } from '../../similarity/embedding/defaultEmbedderInfo';
import { modelArtifacts } from '../../similarity/embedding/testing/modelArtifacts';
import { backboneForward } from '../swav/forward';
import { maxAbsError } from '../testing/golden';
import { Rng } from '../rng';
import { buildEncoderLayersModel, encoderGraph, initialWeights } from '.';
import { graphToLayersModel } from './layersModel';
import { loadMobileNetV2Trunk } from './mobilenetv2';
import type { EncoderGraph } from './graph';

function randomImages(n: number, size: number, seed: number): tf.Tensor4D {
  const rng = new Rng(seed);
  return tf.tensor4d(Float32Array.from({ length: n * size * size }, () => rng.next()), [n, size, size, 1]);
}

/** Values with non-trivial running statistics, so eval-mode BN is really exercised. */
function valuesWithStats(graph: EncoderGraph, seed: number) {
  const values = initialWeights(graph, 'resnet18', seed);
  const rng = new Rng(seed + 1);
  for (const [name, v] of values) {
    if (name.endsWith('running_mean')) v.data.forEach((_, i) => (v.data[i] = rng.uniform(-0.2, 0.2)));
    if (name.endsWith('running_var')) v.data.forEach((_, i) => (v.data[i] = rng.uniform(0.5, 2)));
  }
  return values;
}

beforeAll(async () => {
  expect(await tryBackend('cpu')).toBe(true);
});

describe('encoders: export form', () => {
  for (const spec of [{ arch: 'tiny' as const, inputSize: 16 }, { arch: 'resnet18' as const, inputSize: 48, width: 8 }]) {
    it(`${spec.arch}: layers model = functional eval forward, and it reloads without custom classes`, async () => {
      const graph = encoderGraph(spec);
      const values = valuesWithStats(graph, 3);
      const get = (name: string) => tf.tensor(values.get(name)!.data, values.get(name)!.shape);
      const model = graphToLayersModel(graph, spec.inputSize, get);
      const x = randomImages(3, spec.inputSize, 5);
      const a = model.predict(x) as tf.Tensor;
      const b = tf.tidy(() => backboneForward(graph, x, get, { training: false }));
      expect(a.shape).toEqual([3, graph.featureDim]);
      expect(maxAbsError(await a.data(), await b.data())).toBeLessThan(1e-4);
      const reloaded = await tf.loadLayersModel(tf.io.fromMemory(await modelArtifacts(model)));
      const c = reloaded.predict(x) as tf.Tensor;
      expect(maxAbsError(await c.data(), await a.data())).toBe(0);
      const bnLayers = reloaded.layers.filter((l) => l.getClassName() === 'BatchNormalization');
      expect(bnLayers.every((l) => (l.getConfig().epsilon as number) === 1e-5)).toBe(true);
      tf.dispose([x, a, b, c]);
      model.dispose();
      reloaded.dispose();
    });
  }

  it('buildEncoderLayersModel gives torchvision resnet18 feature sizes and a seeded, reproducible start', async () => {
    const m1 = buildEncoderLayersModel({ arch: 'resnet18', inputSize: 64 }, 7);
    const m2 = buildEncoderLayersModel({ arch: 'resnet18', inputSize: 64 }, 7);
    const x = randomImages(1, 64, 1);
    const [y1, y2] = [m1.predict(x) as tf.Tensor, m2.predict(x) as tf.Tensor];
    expect(y1.shape).toEqual([1, 512]);
    expect(maxAbsError(await y1.data(), await y2.data())).toBe(0);
    const convs = m1.layers.filter((l) => l.getClassName() === 'Conv2D').length;
    expect(convs).toBe(20); // conv1 + 16 block convs + 3 downsample convs
    tf.dispose([x, y1, y2]);
    m1.dispose();
    m2.dispose();
  });
});

describe('encoders: MobileNetV2 trunk', () => {
  it('on gray input equals nsfwjs’s network fed the gray image as RGB (summed first kernel)', async () => {
    const trunk = await loadMobileNetV2Trunk();
    expect(trunk.graph.featureDim).toBe(96);
    const ours = graphToLayersModel(trunk.graph, 224, (name) => tf.tensor(trunk.weights.get(name)!.data, trunk.weights.get(name)!.shape));
    const full = await tf.loadLayersModel(tf.io.fromMemory(await defaultEmbedderArtifacts()));
    const cut = tf.model({ inputs: full.inputs, outputs: full.getLayer(DEFAULT_EMBEDDER_LAYER).output as tf.SymbolicTensor });
    const gray = randomImages(1, 224, 9);
    const a = ours.predict(gray) as tf.Tensor;
    const refFeatures = tf.tidy(() => tf.mean(cut.predict(tf.tile(gray, [1, 1, 1, 3])) as tf.Tensor, [1, 2]));
    expect(maxAbsError(await a.data(), await refFeatures.data())).toBeLessThan(1e-3);
    tf.dispose([gray, a, refFeatures]);
    ours.dispose();
    full.dispose();
  });
});
