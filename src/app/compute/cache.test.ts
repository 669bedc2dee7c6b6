import { describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { SimilarityJobResult } from '../../workers/similarityJob';
import { cacheKey, ResultCache } from './cache';

function result(n: number): SimilarityJobResult {
  return { method: 'hash', n, backend: 'cpu', kind: 'distance', matrix: new Float64Array(n * n).fill(3), hashes: ['00'], params: {}, elapsedMs: 1 };
}

describe('ResultCache', () => {
  it('keys by content hash, method and sorted params', () => {
    expect(cacheKey('abc', 'ssim', { b: 1, a: 2 })).toBe(cacheKey('abc', 'ssim', { a: 2, b: 1 }));
    expect(cacheKey('abc', 'ssim')).not.toBe(cacheKey('abd', 'ssim'));
    expect(cacheKey('abc', 'ssim')).not.toBe(cacheKey('abc', 'nmi'));
  });

  it('survives a new session through IndexedDB', async () => {
    const factory = new IDBFactory();
    await new ResultCache(factory).put('k', result(2));
    const reopened = new ResultCache(factory);
    const got = await reopened.get('k');
    expect(got?.n).toBe(2);
    expect(got?.matrix).toBeInstanceOf(Float64Array);
    expect(Array.from(got?.matrix ?? [])).toEqual([3, 3, 3, 3]);
    expect(await reopened.get('missing')).toBeUndefined();
  });

  it('works from memory when IndexedDB is unavailable', async () => {
    const cache = new ResultCache(undefined);
    await cache.put('k', result(1));
    expect((await cache.get('k'))?.n).toBe(1);
  });
});
