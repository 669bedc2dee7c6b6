/**
 * The CPU pool: the matrix is the one-thread reference bit for bit whatever the thread count and
 * block size; one progress reaching the total; abort rejects at once and stops the workers.
 */
import { describe, expect, it } from 'vitest';
import { readReferencePngStack } from '../../preprocess/testing/referenceSlices';
import { hashMatrixCpu } from '../dhash/dhash.cpu';
import { ssimMatrixCpu } from '../ssim/ssim.cpu';
import { nmiMatrixCpu } from '../nmi/nmi.cpu';
import { configurePool, prewarmPool } from './config';
import { spawnInThread } from './inThread';
import { blockPairCount, pairBlocks } from './partition';
import { poolMatrix } from './poolMatrix';
import type { PoolWorker, SpawnWorker } from './types';
import type { SliceStack } from '../types';

const golden = readReferencePngStack();
const first = (s: SliceStack, n: number): SliceStack => ({ ...s, n, pixels: s.pixels.subarray(0, n * s.rows * s.cols) });

/** In-thread workers that count how many were started and stopped. */
function countingSpawner(): { spawn: SpawnWorker; started: number; terminated: number } {
  const c = { started: 0, terminated: 0, spawn: (): PoolWorker => {
    c.started++;
    const w = spawnInThread();
    return { ...w, terminate: () => { c.terminated++; w.terminate(); } };
  } };
  return c;
}

describe('pool partition', () => {
  it('covers every pair i ≤ j exactly once', () => {
    for (const [n, threads, perSlice] of [[1, 1, 1], [7, 3, 1], [64, 2, 10], [100, 16, 1]]) {
      const seen = new Map<string, number>();
      const blocks = pairBlocks(n, { threads, stateBudgetBytes: 64, bytesPerSlice: perSlice });
      for (const { a0, a1, b0, b1 } of blocks) {
        for (let i = a0; i < a1; i++) for (let j = Math.max(i, b0); j < b1; j++) seen.set(`${i},${j}`, (seen.get(`${i},${j}`) ?? 0) + 1);
      }
      expect(seen.size).toBe((n * (n + 1)) / 2);
      expect([...seen.values()].every((v) => v === 1)).toBe(true);
      expect(blocks.reduce((s, b) => s + blockPairCount(b), 0)).toBe((n * (n - 1)) / 2);
    }
  });
});

describe('CPU pool (reference kernels)', () => {
  const stack = first(golden, 24);
  for (const threads of [1, 3]) {
    for (const budget of [undefined, 1]) {
      it(`equals the one-thread reference bit for bit (threads ${threads}, ${budget ? 'one slice per block' : 'default blocks'})`, async () => {
        configurePool({ spawn: countingSpawner().spawn, threads: 3 });
        try {
          const opts = { threads, memoryBudgetBytes: budget };
          const s = budget ? first(golden, 10) : stack;
          expect((await poolMatrix(s, 'ssim', 'reference', opts)).matrix).toEqual(ssimMatrixCpu(s));
          expect((await poolMatrix(s, 'nmi', 'reference', opts)).matrix).toEqual(nmiMatrixCpu(s));
          const hash = await poolMatrix(s, 'hash', 'reference', opts);
          const one = hashMatrixCpu(s);
          expect(hash.matrix).toEqual(one.matrix);
          expect(hash.hashes).toEqual(one.hashes);
          expect(hash.threads).toBe(threads);
        } finally {
          configurePool(undefined);
        }
      });
    }
  }

  it('reports one progress in pairs, monotonic, ending at the total', async () => {
    const seen: Array<[number, number]> = [];
    await poolMatrix(stack, 'nmi', 'simd', { onProgress: (d, t) => seen.push([d, t]) });
    expect(seen.at(-1)).toEqual([276, 276]);
    expect(seen.every(([d], k) => k === 0 || d >= seen[k - 1][0])).toBe(true);
  });

  it('rejects with an AbortError when aborted and terminates every worker', async () => {
    const spawner = countingSpawner();
    configurePool({ spawn: spawner.spawn, threads: 2 });
    try {
      const controller = new AbortController();
      let after = 0;
      const run = poolMatrix(first(golden, 40), 'ssim', 'reference', {
        signal: controller.signal,
        onProgress: (done) => { if (controller.signal.aborted) after++; else if (done > 0) controller.abort(); },
      });
      await expect(run).rejects.toMatchObject({ name: 'AbortError', message: 'ssim: aborted' });
      expect(after).toBe(0);
      expect(spawner.terminated).toBe(spawner.started);
      expect(spawner.started).toBe(2);
    } finally {
      configurePool(undefined);
    }
  });

  it('keeps workers for the next run, and a prewarmed pool starts none during a run', async () => {
    const spawner = countingSpawner();
    configurePool({ spawn: spawner.spawn, threads: 3 });
    try {
      prewarmPool();
      expect(spawner.started).toBe(3);
      await poolMatrix(stack, 'nmi', 'simd');
      await poolMatrix(stack, 'ssim', 'simd');
      expect(spawner.started).toBe(3);
      expect(spawner.terminated).toBe(0);
    } finally {
      configurePool(undefined);
    }
    expect(spawner.terminated).toBe(3); // a new configuration ends the idle workers
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(poolMatrix(stack, 'ssim', 'simd', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
