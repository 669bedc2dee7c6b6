import { describe, expect, it } from 'vitest';
import { buildManifest } from '../manifest/build';
import { reduce } from '../reduction/reduce';
import { mergeResults, MergeError, type ResultFile } from './merge';
import { paramsKey, RESULT_SCHEMA, stableJson } from './results';
import { parseShard, shardFromEnv, shardItems } from './shard';
import { datasetSummary, keptHistogram, quantile } from './summary';

function result(key: string, n: number, every = 2, file = `${key}.json`): ResultFile {
  const params = { method: 'everyn', every } as const;
  const manifest = buildManifest({ volumes: [{ meta: { id: key, name: key }, voxelSha256: 'a'.repeat(64), result: reduce(n, params) }], params, backend: 'none', conversion: { kind: 'minmax' }, createdAt: '2026-01-01T00:00:00Z' });
  return { file, result: { schema: RESULT_SCHEMA, key, paramsKey: paramsKey({ params, conversion: { kind: 'minmax' } }), voxelSha256: 'a'.repeat(64), manifest, seconds: 0, shard: '0/1' } };
}

describe('shards', () => {
  it('gives volume i to shard i mod N; every volume to exactly one shard', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    const shards = [0, 1, 2].map((k) => shardItems(items, parseShard(`${k}/3`)));
    expect(shards).toEqual([[0, 3, 6], [1, 4], [2, 5]]);
  });
  it('rejects what is not k/N or out of range, and a Slurm id without a count', () => {
    expect(() => parseShard('3')).toThrow(/not k\/N/);
    expect(() => parseShard('1/0')).toThrow(/at least 1/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '1' })).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' })).toThrow(/CTSIEVE_SHARD_COUNT/);
  });
});

describe('mergeResults', () => {
  it('keeps the discovery order', () => {
    const m = mergeResults({ keys: ['b', 'a'], results: [result('a', 4), result('b', 6)] });
    expect(m.volumes.map((v) => [v.id, v.kept])).toEqual([['b', [0, 2, 4]], ['a', [0, 2]]]);
  });
  it('refuses missing, twice, mixed and unexpected results, naming each', () => {
    const attempt = () => mergeResults({ keys: ['a', 'b', 'c'], results: [result('a', 4), result('a', 4, 2, 'copy.json'), result('b', 4, 3), result('z', 4)], failures: new Map([['c', 'corrupt file']]) });
    expect(attempt).toThrow(MergeError);
    expect(attempt).toThrow(/1 volume\(s\) have no result: c \(failed: corrupt file\)/);
    expect(attempt).toThrow(/a \(a\.json, copy\.json\)/);
    expect(attempt).toThrow(/2 different parameter sets/);
    expect(attempt).toThrow(/not in the discovered list: z \(z\.json\)/);
  });
});

describe('summary', () => {
  it('quantiles interpolate like numpy; 100 % falls in the last bin', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(keptHistogram([0, 9.9, 10, 100], 10)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    const s = datasetSummary(mergeResults({ keys: ['a', 'b'], results: [result('a', 4), result('b', 9)] }));
    expect(s).toMatchObject({ volumes: 2, slices: 13, kept: 7, perVolumeKeptPercent: { min: 50, max: (100 * 5) / 9 } });
  });
  it('stableJson ignores key order', () => {
    expect(stableJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":2,"f":1}]},"b":1}');
  });
});
