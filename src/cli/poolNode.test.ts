/**
 * The CPU pool on real Node worker_threads: the same matrices as one thread, bit for bit, for
 * HASH, SSIM and NMI on both kernels; abort stops the threads at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReferencePngStack } from '../core/preprocess/testing/referenceSlices';
import { computeSimilarity } from '../core/similarity';
import { configurePool } from '../core/similarity/pool/config';
import { installNodePool } from './poolNode';

const golden = readReferencePngStack();
const stack = { ...golden, n: 20, pixels: golden.pixels.subarray(0, 20 * golden.rows * golden.cols) };

describe('CPU pool on worker_threads', () => {
  beforeAll(() => installNodePool(2));
  afterAll(() => configurePool(undefined));

  for (const [method, backend] of [['hash', 'cpu'], ['ssim', 'cpu'], ['nmi', 'cpu'], ['ssim', 'wasm'], ['nmi', 'wasm']] as const) {
    it(`${method} on ${backend}: two threads give the one-thread matrix bit for bit`, async () => {
      const settled = { request: backend, name: backend };
      const pooled = await computeSimilarity(stack, method, { backend: settled });
      const single = await computeSimilarity(stack, method, { backend: settled, threads: 1 });
      expect(pooled.threads).toBe(2);
      expect(single.threads).toBe(1);
      expect(pooled.backend).toBe(backend);
      expect(pooled.matrix).toEqual(single.matrix);
      expect(pooled.hashes).toEqual(single.hashes);
    }, 60_000);
  }

  it('aborts within a fraction of a second, mid-run', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const run = computeSimilarity(golden, 'ssim', {
      backend: { request: 'cpu', name: 'cpu' },
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - abortedAt).toBeLessThan(500);
  }, 60_000);
});
