/**
 * t-SNE and the block-Gram accumulator, tested by properties: separated clusters stay separated,
 * a seed reproduces its embedding, the PCC is Pearson's r; the memory-bounded Grams (many blocks,
 * recomputed) equal the Grams of all activations held at once, and CKA of an encoder with itself is 1.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildEncoderLayersModel } from '../ssl/encoders';
import { Rng } from '../ssl/rng';
import type { LabelledSample } from '../eval/types';
import { inputBatch } from '../eval/features';
import { blockLayers } from './blocks';
import { centredGram, ckaMatrix } from './cka';
import { blockGrams } from './grams';
import { sampleIndices } from './sample';
import { axisClassPcc, pearson, tsne2d } from './tsne';

/** `k` Gaussian blobs of `per` points in `dim` dimensions, centres 20σ apart. */
function blobs(k: number, per: number, dim: number, seed: number): { rows: number[][]; labels: number[] } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < per; i++) {
      rows.push(Array.from({ length: dim }, (_, j) => (j === c ? 20 : 0) + rng.normal()));
      labels.push(c);
    }
  }
  return { rows, labels };
}

/** Fraction of points whose nearest other point has the same label. */
function nearestNeighbourAgreement(points: [number, number][], labels: number[]): number {
  let same = 0;
  points.forEach((p, i) => {
    let best = -1;
    let bestD = Infinity;
    points.forEach((q, j) => {
      const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
      if (j !== i && d < bestD) [best, bestD] = [j, d];
    });
    if (labels[best] === labels[i]) same++;
  });
  return same / points.length;
}

describe('t-SNE (@keckelt/tsne, seeded)', () => {
  const { rows, labels } = blobs(3, 15, 8, 7);

  it('keeps separated clusters separated', async () => {
    const pts = await tsne2d(rows, { seed: 1, iterations: 300 });
    expect(pts).toHaveLength(rows.length);
    expect(nearestNeighbourAgreement(pts, labels)).toBe(1);
    // every cluster's spread is smaller than the distance to the nearest other cluster's centre
    const centre = (c: number) => {
      const m = pts.filter((_, i) => labels[i] === c);
      return [m.reduce((s, p) => s + p[0], 0) / m.length, m.reduce((s, p) => s + p[1], 0) / m.length];
    };
    const centres = [0, 1, 2].map(centre);
    for (let c = 0; c < 3; c++) {
      const spread = Math.max(...pts.filter((_, i) => labels[i] === c).map((p) => Math.hypot(p[0] - centres[c][0], p[1] - centres[c][1])));
      const gap = Math.min(...centres.filter((_, d) => d !== c).map((q) => Math.hypot(q[0] - centres[c][0], q[1] - centres[c][1])));
      expect(spread).toBeLessThan(gap);
    }
  });

  it('reproduces its embedding from the seed, and another seed gives another', async () => {
    const a = await tsne2d(rows, { seed: 3, iterations: 50 });
    const b = await tsne2d(rows, { seed: 3, iterations: 50 });
    const c = await tsne2d(rows, { seed: 4, iterations: 50 });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('stops when cancelled and rejects too few points', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(tsne2d(rows, { seed: 1, iterations: 50, signal: ctl.signal })).rejects.toThrow(/abort|cancel/i);
    await expect(tsne2d(rows.slice(0, 3), { seed: 1 })).rejects.toThrow(/at least 4/);
  });
});

describe('PCC', () => {
  it("is Pearson's r per axis", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [0, -1, -2, -3])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [0, 1, 2])).toBe(0);
    // x follows the class, y does not: r(x) = 1, r(y) = 0
    const [px, py] = axisClassPcc([[0, 1], [0, -1], [5, 1], [5, -1]], [0, 0, 1, 1]);
    expect(px).toBeCloseTo(1, 12);
    expect(py).toBeCloseTo(0, 12);
  });
});

describe('sampleIndices', () => {
  it('keeps all when few, else a seeded sorted sample', () => {
    expect(sampleIndices([4, 5, 6], 10, 1)).toEqual([4, 5, 6]);
    const pool = Array.from({ length: 100 }, (_, i) => i);
    const s = sampleIndices(pool, 10, 2);
    expect(s).toHaveLength(10);
    expect(new Set(s).size).toBe(10);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(sampleIndices(pool, 10, 2)).toEqual(s);
    expect(sampleIndices(pool, 10, 3)).not.toEqual(s);
  });
});

describe('block Grams (memory-bounded CKA)', () => {
  const size = 16;
  const rng = new Rng(5);
  const samples: LabelledSample[] = Array.from({ length: 11 }, (_, i) => ({
    id: `s${i}`,
    label: i % 2 ? 'a' : 'b',
    pixels: Uint8Array.from({ length: size * size }, () => Math.floor(rng.next() * 256)),
    rows: size,
    cols: size,
    source: `s${i}`,
  }));
  const norm = { size, mean: 0.5, std: 0.25 };
  const indices = samples.map((_, i) => i);

  it('equal the Grams of all activations at once, however small the budget', async () => {
    const model = buildEncoderLayersModel({ arch: 'resnet18', inputSize: size, width: 4 }, 1);
    const layers = blockLayers(model, 'resnet18');
    expect(layers).toEqual(['relu', 'layer1.0.relu2', 'layer1.1.relu2', 'layer2.0.relu2', 'layer2.1.relu2', 'layer3.0.relu2', 'layer3.1.relu2', 'layer4.0.relu2', 'layer4.1.relu2']);
    const probe = tf.model({ inputs: model.inputs, outputs: layers.map((n) => model.getLayer(n).output as tf.SymbolicTensor) });
    const x = inputBatch(samples, indices, norm);
    const acts = probe.predict(x) as tf.Tensor[];
    const direct = await Promise.all(acts.map(async (a) => centredGram(await a.reshape([samples.length, -1]).array() as number[][])));
    tf.dispose([x, ...acts]);
    const before = tf.memory().numTensors;
    let steps = 0;
    const [tiny] = await blockGrams([{ model, norm, layers }], samples, indices, { budgetBytes: 1, onProgress: () => steps++ });
    expect(tf.memory().numTensors).toBe(before);
    expect(steps).toBe(2 * 11 + (11 * 10) / 2); // one image per block
    const [whole] = await blockGrams([{ model, norm, layers }], samples, indices);
    for (const grams of [tiny, whole]) {
      grams.forEach((g, l) => {
        const scale = Math.max(...direct[l].data.map(Math.abs));
        const err = Math.max(...g.data.map((v, i) => Math.abs(v - direct[l].data[i])));
        expect(err / scale).toBeLessThan(1e-4);
      });
    }
    const { diagonal } = ckaMatrix(whole, whole);
    diagonal.forEach((d) => expect(d).toBeCloseTo(1, 6));
    model.dispose();
  });
});

describe('MobileNetV2 (the bundled nsfwjs trunk)', () => {
  it('has residual blocks for CKA and a last conv block Grad-CAM can use', async () => {
    const { loadMobileNetV2Trunk } = await import('../ssl/encoders/mobilenetv2');
    const { graphToLayersModel } = await import('../ssl/encoders/layersModel');
    const { gradCam, gradCamTrunk } = await import('./gradcam');
    const trunk = await loadMobileNetV2Trunk();
    const made: tf.Tensor[] = [];
    const model = graphToLayersModel(trunk.graph, 32, (name) => {
      const w = trunk.weights.get(name)!;
      const t = tf.tensor(w.data, w.shape);
      made.push(t);
      return t;
    });
    tf.dispose(made);
    const layers = blockLayers(model, 'mobilenetv2');
    expect(layers.length).toBeGreaterThan(3);
    expect(layers.slice(0, -1).every((n) => model.getLayer(n).getClassName() === 'Add')).toBe(true);
    const features = trunk.graph.featureDim;
    const head = { classes: 2, features, weight: Float32Array.from({ length: 2 * features }, (_, i) => Math.sin(i)), bias: new Float32Array(2) };
    const x = tf.randomUniform([1, 32, 32, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const g = await gradCam(gradCamTrunk(model), head, x, 1);
    x.dispose();
    expect(g.cam).toHaveLength(32 * 32);
    expect(Math.max(...g.cam)).toBeLessThanOrEqual(1);
    expect(g.alpha).toHaveLength(features);
    model.dispose();
  });
});
