/** Multi-crop: seeded and reproducible, RandomResizedCrop's area range, flips, and the same crops on every backend. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tryBackend } from '../backend';
import { describeAllBackends } from '../testing/describeAllBackends';
import { blurMatrices, cropGroup, randomResizedCrop, sampleMultiCrop, type CropKind } from './multiCrop';
import { Rng } from './rng';
import { batchTensor } from './batches';
import { syntheticSlices } from './testing/slices';

const KINDS: CropKind[] = [
  { count: 2, size: 24, minScale: 0.4, maxScale: 1 },
  { count: 3, size: 12, minScale: 0.05, maxScale: 0.3 },
];
const data = syntheticSlices(4, 40, 48);

describe('swav multi-crop parameters', () => {
  it('RandomResizedCrop boxes cover an area fraction in range (or the centre fallback)', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 500; i++) {
      const [y1, x1, y2, x2] = randomResizedCrop(40, 48, [0.1, 0.3], rng);
      const area = ((Math.abs(y2 - y1) * 39 + 1) * (Math.abs(x2 - x1) * 47 + 1)) / (40 * 48);
      expect(area).toBeGreaterThan(0.07);
      expect(area).toBeLessThan(0.36);
      for (const v of [y1, x1, y2, x2]) expect(v >= 0 && v <= 1).toBe(true);
    }
  });
  it('the same seed gives the same crops; about half are flipped', () => {
    const a = sampleMultiCrop(4, 40, 48, KINDS, new Rng(9));
    const b = sampleMultiCrop(4, 40, 48, KINDS, new Rng(9));
    expect(a).toEqual(b);
    expect(a[0]).toHaveLength(8);
    expect(a[1]).toHaveLength(12);
    const many = sampleMultiCrop(64, 40, 48, KINDS, new Rng(1)).flat();
    const flipped = many.filter((p) => p.box[1] > p.box[3]).length / many.length;
    expect(flipped).toBeGreaterThan(0.35);
    expect(flipped).toBeLessThan(0.65);
  });
  it('jitter factors span U(1 − j, 1 + j) (SwAV’s j = 0.8 by default); blur comes with its probability', () => {
    const factors = (kind: CropKind) => sampleMultiCrop(64, 40, 48, [kind], new Rng(5))[0].filter((p) => p.brightness !== 1);
    const range = (ps: { brightness: number; contrast: number }[]) => {
      const v = ps.flatMap((p) => [p.brightness, p.contrast]);
      return [Math.min(...v), Math.max(...v)];
    };
    const [lo8, hi8] = range(factors(KINDS[0]));
    expect(lo8).toBeGreaterThanOrEqual(0.2);
    expect(lo8).toBeLessThan(0.3);
    expect(hi8).toBeGreaterThan(1.7);
    const [lo4, hi4] = range(factors({ ...KINDS[0], jitterStrength: 0.4 }));
    expect(lo4).toBeGreaterThanOrEqual(0.6);
    expect(lo4).toBeLessThan(0.7);
    expect(hi4).toBeLessThanOrEqual(1.4);
    expect(hi4).toBeGreaterThan(1.3);
    const blurred = (kind: CropKind) => sampleMultiCrop(64, 40, 48, [kind], new Rng(5))[0].filter((p) => p.sigma > 0).length / (64 * kind.count);
    expect(blurred(KINDS[0])).toBeGreaterThan(0.35);
    expect(blurred(KINDS[0])).toBeLessThan(0.65);
    expect(blurred({ ...KINDS[0], blurProbability: 0 })).toBe(0);
    expect(blurred({ ...KINDS[0], blurProbability: 1 })).toBe(1);
  });
  it('the defaults draw exactly what SwAV’s settings written out draw (same random sequence)', () => {
    const explicit = KINDS.map((k) => ({ ...k, jitterStrength: 0.8, blurProbability: 0.5 }));
    expect(sampleMultiCrop(4, 40, 48, explicit, new Rng(9))).toEqual(sampleMultiCrop(4, 40, 48, KINDS, new Rng(9)));
  });
});

describeAllBackends('swav multi-crop on the backend', (env) => {
  beforeAll(async () => {
    expect(await tryBackend(env.name)).toBe(true);
  });
  it('crop groups have the right shapes and are normalised; a flip mirrors the crop', async () => {
    const params = sampleMultiCrop(4, 40, 48, KINDS, new Rng(2));
    const images = batchTensor(data, [0, 1, 2, 3]);
    const g = cropGroup(images, params[0], 24, 0.5, 0.25);
    expect(g.shape).toEqual([8, 24, 24, 1]);
    const v = await g.data();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-2 - 1e-5);
    expect(Math.max(...v)).toBeLessThanOrEqual(2 + 1e-5);
    const plain = { box: [0.1, 0.2, 0.9, 0.8] as [number, number, number, number], brightness: 1, contrast: 1, sigma: 0 };
    const mirrored = { ...plain, box: [0.1, 0.8, 0.9, 0.2] as [number, number, number, number] };
    const pair = cropGroup(images.slice([0, 0, 0, 0], [1, -1, -1, -1]), [plain], 16, 0, 1);
    const flip = cropGroup(images.slice([0, 0, 0, 0], [1, -1, -1, -1]), [mirrored], 16, 0, 1);
    const back = tf.reverse(flip, 2);
    expect(Math.max(...(await tf.abs(tf.sub(pair, back)).data()))).toBeLessThan(1e-5);
    tf.dispose([images, g, pair, flip, back]);
  });
  it('blur keeps the mean of a flat image and smooths an edge', async () => {
    const flat = tf.fill([1, 20, 20, 1], 0.5) as tf.Tensor4D;
    const full = [0, 0, 1, 1] as [number, number, number, number];
    const blurred = cropGroup(flat, [{ box: full, brightness: 1, contrast: 1, sigma: 1.5 }], 20, 0, 1);
    expect(Math.max(...(await tf.abs(blurred.sub(0.5)).data()))).toBeLessThan(1e-5);
    const edge = tf.concat([tf.zeros([1, 20, 10, 1]), tf.ones([1, 20, 10, 1])], 2) as tf.Tensor4D;
    const smoothed = cropGroup(edge, [{ box: full, brightness: 1, contrast: 1, sigma: 1.5 }], 20, 0, 1);
    const e = await smoothed.data();
    expect(e[10 * 20 + 9]).toBeGreaterThan(0.1);
    expect(e[10 * 20 + 10]).toBeLessThan(0.9);
    tf.dispose([flat, blurred, edge, smoothed]);
  });
  it('the blur matrices built in JS equal the device-built ones they replaced (1e-6), and a wider σ is caught', async () => {
    // the previous implementation, op for op (float32 on the backend)
    const onDevice = (sigmas: number[], size: number) =>
      tf.tidy(() => {
        const idx = tf.range(0, size);
        const d = idx.reshape([1, size]).sub(idx.reshape([size, 1])).expandDims(0);
        const s = tf.tensor1d(sigmas.map((v) => (v > 0 ? v : 1e-3))).reshape([-1, 1, 1]);
        const within = tf.lessEqual(tf.abs(d), s.mul(3).maximum(0.5));
        const g = tf.where(within, tf.exp(tf.neg(d.square()).div(s.square().mul(2))), tf.zerosLike(d.add(s)));
        return g.div(g.sum(2, true));
      });
    const sigmas = [0, 0.1, 0.37, 1.05, 1.5, 2];
    for (const size of [12, 32]) {
      const mine = blurMatrices(sigmas, size);
      const ref = onDevice(sigmas, size);
      const wider = onDevice(sigmas.map((v) => v * 1.01), size);
      expect(Math.max(...(await tf.abs(mine.sub(ref)).data()))).toBeLessThan(1e-6);
      expect(Math.max(...(await tf.abs(mine.sub(wider)).data()))).toBeGreaterThan(1e-4);
      tf.dispose([mine, ref, wider]);
    }
  });
});
