/**
 * Confusability on constructed cases whose answer is known by hand: an augmentation-blind embedding
 * (every s⁻ ties s⁺: rate 1), opposite ramps (s⁺ > 0 ≥ s⁻ for every view: rate 0), identical
 * textured slices (exchangeable views: rate ½), the anchor-weighted dataset mean, seeding.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../ssl/rng';
import { pretrainPreset } from '../ssl/presets';
import { largeCrop } from './views';
import { measureConfusability, pixelsEmbedder, sampleAnchors, sliceSet, type ConfusabilityVolume, type SliceEmbedder } from '.';

const SIZE = 40;

/** A vertical ramp in 30..130 (no clipping under the jitter's brightness ≤ 1.8), rising downwards or upwards. */
function ramp(down: boolean): Uint8Array {
  const img = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) img.fill(Math.round(30 + (100 * (down ? y : SIZE - 1 - y)) / (SIZE - 1)), y * SIZE, (y + 1) * SIZE);
  return img;
}

function noise(seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: SIZE * SIZE }, () => rng.int(256));
}

const volume = (id: string, slices: Uint8Array[], indices?: number[]): ConfusabilityVolume => ({ id, slices, rows: SIZE, cols: SIZE, ...(indices ? { indices } : {}) });

/** Maps every view to the same unit vector: blind to the augmentation and to the slice. */
const blind: SliceEmbedder = { name: 'blind', embed: (views) => Promise.resolve(views.map(() => Float32Array.of(1, 0))) };

describe('confusability on hand-known cases', () => {
  it('an embedding blind to everything confuses every slice: rate 1, s⁺ = s⁻ = 1', async () => {
    const r = await measureConfusability([volume('v', [ramp(true), ramp(false), noise(1)])], blind, { preset: 'tiny', seed: 0 });
    expect(r.volumes[0]).toEqual({ id: 'v', slices: 3, anchors: 3, confusableRate: 1, positiveMean: 1, negativeMean: 1, adjacentNegativeMean: 1 });
  });

  it('opposite ramps are never confused in pixels: rate 0, s⁺ > 0 > s⁻', async () => {
    for (const preset of ['tiny', 'short'] as const) {
      const r = await measureConfusability([volume('ramps', [ramp(true), ramp(false)])], pixelsEmbedder(), { preset, seed: 3 });
      const v = r.volumes[0];
      expect(v.confusableRate).toBe(0);
      expect(v.positiveMean).toBeGreaterThan(0.5);
      expect(v.negativeMean).toBeLessThan(-0.5);
      expect(v.adjacentNegativeMean).toBeCloseTo(v.negativeMean as number, 10); // two slices: the other one is the neighbour
    }
  });

  it('identical slices: every other slice is a view like v2, so about half are at least as alike', async () => {
    const img = noise(7).map((v, i) => (Math.floor(i / SIZE) < SIZE / 2 ? v / 4 : 128 + v / 2)); // texture on two bands
    const r = await measureConfusability([volume('same', Array.from({ length: 24 }, () => img))], pixelsEmbedder(), { preset: 'short', seed: 1 });
    expect(r.volumes[0].confusableRate).toBeGreaterThan(0.3);
    expect(r.volumes[0].confusableRate).toBeLessThan(0.7);
  });

  it('the dataset rate is the anchor-weighted mean over volumes', async () => {
    const flat = new Uint8Array(SIZE * SIZE).fill(90); // every view flat: zero vectors, every s⁻ ties s⁺ = 0
    const r = await measureConfusability([volume('ramps', [ramp(true), ramp(false)]), volume('flat', [flat, flat, flat, flat])], pixelsEmbedder(), { preset: 'short', seed: 0, anchors: 3 });
    expect(r.volumes.map((v) => [v.anchors, v.confusableRate])).toEqual([[2, 0], [3, 1]]);
    expect(r.dataset).toEqual({ slices: 6, anchors: 5, confusableRate: 3 / 5 });
  });

  it('a volume of one slice has nothing to confuse: no anchors, no weight', async () => {
    const r = await measureConfusability([volume('one', [ramp(true), ramp(false)], [1]), volume('ramps', [ramp(true), ramp(false)])], pixelsEmbedder(), { preset: 'tiny', seed: 0 });
    expect(r.volumes[0]).toMatchObject({ slices: 1, anchors: 0, positiveMean: null });
    expect(r.dataset).toEqual({ slices: 3, anchors: 2, confusableRate: 0 });
  });
});

describe('confusability: seeds, batches, inputs', () => {
  it('views are what the preset trains on: its global crop with its jitter and blur', () => {
    for (const name of ['tiny', 'short', 'paper'] as const) {
      const c = pretrainPreset(name);
      expect(largeCrop(name)).toEqual({ count: 1, size: c.cropSizes[0], minScale: c.minScale[0], maxScale: c.maxScale[0], jitterStrength: c.jitterStrength, blurProbability: c.blurProbability });
    }
    expect(largeCrop('short')).toMatchObject({ jitterStrength: 0.4, blurProbability: 0 });
  });
  const slices = Array.from({ length: 12 }, (_, i) => noise(100 + i));
  const flatBuffer = new Uint8Array(12 * SIZE * SIZE);
  slices.forEach((s, i) => flatBuffer.set(s, i * SIZE * SIZE));

  it('anchors are a seeded sample: the same seed gives the same anchors, another seed others', () => {
    const a = sampleAnchors(100, 10, 5, 'vol');
    expect(a).toEqual(sampleAnchors(100, 10, 5, 'vol'));
    expect(new Set(a).size).toBe(10);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 100)).toBe(true);
    expect(sampleAnchors(100, 10, 6, 'vol')).not.toEqual(a);
    expect(sampleAnchors(7, 10, 5, 'vol')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(sampleAnchors(7, undefined, 5, 'vol')).toHaveLength(7);
  });

  it('reproducible for a seed, whatever the batch size and slice layout; another seed draws other views', async () => {
    const opts = { preset: 'tiny' as const, seed: 11, anchors: 5 };
    const a = await measureConfusability([volume('n', slices)], pixelsEmbedder(), opts);
    const b = await measureConfusability([{ id: 'n', slices: flatBuffer, rows: SIZE, cols: SIZE }], pixelsEmbedder(), { ...opts, batchSize: 3 });
    expect(b).toEqual(a);
    expect(a.volumes[0].anchors).toBe(5);
    const c = await measureConfusability([volume('n', slices)], pixelsEmbedder(), { ...opts, seed: 12 });
    expect(c.volumes[0].positiveMean).not.toBe(a.volumes[0].positiveMean);
  });

  it('a slice keeps its views in every subset (common random numbers): s⁺ of the same anchors agrees', async () => {
    const all = await measureConfusability([volume('n', slices, [2, 5, 9])], pixelsEmbedder(), { preset: 'tiny', seed: 4 });
    const again = await measureConfusability([volume('n', slices, [9, 5, 2, 5])], pixelsEmbedder(), { preset: 'tiny', seed: 4 });
    expect(again).toEqual(all); // order and repeats do not matter
    const pair = await measureConfusability([volume('n', slices, [2, 5, 9]), volume('m', slices, [5, 9])], pixelsEmbedder(), { preset: 'tiny', seed: 4 });
    expect(pair.volumes[0]).toEqual(all.volumes[0]); // another volume does not change this one's draws
    // s⁺ of slice i is the same in every set holding it: 3·mean{2,5,9} = mean{2,5} + mean{2,9} + mean{5,9}
    const pm = async (set: number[]) => (await measureConfusability([volume('n', slices, set)], pixelsEmbedder(), { preset: 'tiny', seed: 4 })).volumes[0].positiveMean as number;
    const sum = (await pm([2, 5])) + (await pm([2, 9])) + (await pm([5, 9]));
    expect(3 * (all.volumes[0].positiveMean as number)).toBeCloseTo(sum, 5);
  });

  it('reports progress over all views and stops on abort', async () => {
    const seen: [number, number][] = [];
    await measureConfusability([volume('n', slices)], pixelsEmbedder(), { preset: 'tiny', seed: 0, anchors: 4, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([12 + 8, 12 + 8]);
    const controller = new AbortController();
    controller.abort();
    await expect(measureConfusability([volume('n', slices)], pixelsEmbedder(), { preset: 'tiny', seed: 0, signal: controller.signal })).rejects.toThrow(/aborted/);
  });

  it('names the volume in errors about its slices', () => {
    expect(() => sliceSet(volume('chest.nii.gz', slices, [3, 12]))).toThrow(/chest\.nii\.gz has no slice 12 \(it has 12\)/);
    expect(() => sliceSet({ id: 'odd.nii', slices: new Uint8Array(10), rows: SIZE, cols: SIZE })).toThrow(/odd\.nii/);
  });
});
