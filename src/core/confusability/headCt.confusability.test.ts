/**
 * The claim issue 20 needs, on real CT (the bundled head CT): ALL is more confusable than the kept
 * slices of HASH ≤ 6 (greedy and leader), in the pixels embedding with the paper preset's large
 * crop. Anchors of ALL are sampled to keep it fast; docs/experiments.md has the full numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decideSlices } from '../pipeline/decide';
import { settleBackend } from '../runtime/settleBackend';
import { computeSimilarity } from '../similarity';
import { headCtStack } from '../similarity/embedding/testing/headCt';
import type { SliceStack } from '../similarity/types';
import { measureConfusability, pixelsEmbedder } from '.';

let stack: SliceStack;
const kept: Record<'greedy' | 'leader', number[]> = { greedy: [], leader: [] };

beforeAll(async () => {
  // wasm: the paper preset's 224² views take ~10× longer on the pure-JS cpu backend
  await import('@tensorflow/tfjs-backend-wasm');
  await settleBackend('wasm');
  stack = headCtStack(Array.from({ length: 108 }, (_, i) => i));
  const scores = await computeSimilarity(stack, 'hash', {});
  kept.greedy = decideSlices(scores, { method: 'hash', algorithm: 'greedy', maxDistance: 6 }).kept;
  kept.leader = decideSlices(scores, { method: 'hash', algorithm: 'leader', maxDistance: 6 }).kept;
});

const rate = async (indices: number[] | undefined, anchors?: number) =>
  (await measureConfusability([{ id: 'head-ct', slices: stack.pixels, rows: stack.rows, cols: stack.cols, ...(indices ? { indices } : {}) }], pixelsEmbedder(), { preset: 'paper', seed: 0, anchors })).volumes[0];

describe('confusability on the bundled head CT', () => {
  it('ranks ALL above HASH ≤ 6 (greedy and leader)', { timeout: 240_000 }, async () => {
    const all = await rate(undefined, 16);
    expect(all.anchors).toBe(16);
    for (const algorithm of ['greedy', 'leader'] as const) {
      const hash = await rate(kept[algorithm]);
      expect(hash.slices).toBe(kept[algorithm].length);
      expect(hash.slices).toBeLessThan(30);
      expect(all.confusableRate).toBeGreaterThan(hash.confusableRate);
      // the mechanism behind it: ALL's neighbours are as alike as two views of one slice, HASH ≤ 6's are not
      expect(all.adjacentNegativeMean as number).toBeGreaterThan(hash.adjacentNegativeMean as number);
    }
  });
});
