import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateEncoder } from './evaluate';
import { blocksWithGaps, PROXY_CLASSES, PROXY_PIXEL_BASELINE, proxyTask, type SliceStack } from './proxy';
import { planRuns } from './splits';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A volume whose slices change smoothly along z (a disc growing with z), like anatomy. */
function volume(count: number, size = 16): SliceStack {
  return {
    count,
    rows: size,
    cols: size,
    slice: (z) => Uint8Array.from({ length: size * size }, (_, p) => {
      const r = Math.floor(p / size) - size / 2;
      const c = (p % size) - size / 2;
      return Math.sqrt(r * r + c * c) < (z / count) * (size / 2) + 1 ? 200 : 40;
    }),
  };
}

describe('proxy task', () => {
  it('blocks are contiguous with gaps between them', () => {
    expect(blocksWithGaps(0, 20, 3, 2)).toEqual([[0, 6], [8, 13], [15, 20]]);
    expect(blocksWithGaps(0, 4, 3, 2)).toEqual([]);
  });

  it('labels thirds, marks itself a proxy, and no fold puts neighbours (≤ gap apart) in train and test', () => {
    const set = proxyTask([{ id: 'v1', slices: volume(90) }], { blocksPerThird: 5, gap: 3 });
    expect(set.isProxy).toBe(true);
    expect(set.classes).toEqual([...PROXY_CLASSES]);
    const z = set.samples.map((s) => Number(s.id.split(':')[1]));
    for (const p of planRuns(set.samples, 5, 1).plans) {
      const test = new Set(p.test.map((i) => z[i]));
      for (const i of [...p.train, ...p.val]) for (let d = -3; d <= 3; d++) expect(test.has(z[i] + d)).toBe(false);
    }
  });

  it('skips a volume too short for the blocks, with a note', () => {
    const set = proxyTask([{ id: 'long', slices: volume(60) }, { id: 'short', slices: volume(10) }]);
    expect(set.notes.join(' ')).toMatch(/short: 10 slices are too few/);
  });

  it('the raw-pixel baseline learns the level of a smoothly varying volume, labelled as a proxy', async () => {
    const set = proxyTask([{ id: 'v1', slices: volume(90) }]);
    const r = await evaluateEncoder(set, PROXY_PIXEL_BASELINE, { protocol: 'linear', runs: 5, epochs: 40, seed: 1 });
    expect(r.isProxy).toBe(true);
    expect(r.notes.join(' ')).toMatch(/PROXY TASK/);
    expect(r.splitMode).toBe('grouped-k-fold');
    expect(r.mean.auc).toBeGreaterThan(0.9);
  });
});
