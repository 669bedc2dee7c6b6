import { describe, expect, it } from 'vitest';
import { loadGolden } from '../testing/referenceFixture';
import { applyOverrides } from '../reduction/overrides';
import { reducePool } from '../reduction/pool';
import { reduce } from '../reduction/reduce';
import { scoreMatrixFromRows } from '../reduction/scores';
import type { ReductionParams } from '../reduction/types';
import { applyManifest, reductionParams } from './apply';
import { buildManifest, serializeManifest } from './build';
import { parseManifest } from './parse';
import { MANIFEST_SCHEMA, type Manifest } from './types';

const golden = loadGolden();
const hamming = scoreMatrixFromRows(golden.hamming, 'distance');
const ssim = scoreMatrixFromRows(golden.ssim, 'similarity');
const SHA = 'ab'.repeat(32);

const sources = golden.slices.map((s, k) => ({ file: s.name, sopInstanceUID: `1.2.3.${k}`, position: [0, 0, k * 2.5] as [number, number, number] }));
const meta = { id: 'chest', name: 'chest_64x128x128_seed1_png', rows: 128, cols: 128, sources };

function manifestFor(params: ReductionParams, extra: Partial<Parameters<typeof buildManifest>[0]> = {}): Manifest {
  const scores = params.method === 'ssim' ? ssim : hamming;
  return buildManifest({
    volumes: [{ meta, voxelSha256: SHA, result: reduce(scores, params) }],
    params,
    backend: 'cpu',
    conversion: { kind: 'as-is' },
    createdAt: '2026-01-02T03:04:05.000Z',
    ...extra,
  });
}

const PARAMS: ReductionParams[] = [
  { method: 'all' },
  { method: 'everyn', every: 4 },
  { method: 'hash', algorithm: 'greedy', maxDistance: 6 },
  { method: 'hash', algorithm: 'greedy', maxDistance: 3, drop: 'earlier' },
  { method: 'hash', algorithm: 'leader', maxDistance: 6 },
  { method: 'ssim', algorithm: 'greedy', keepFraction: 0.1 },
  { method: 'ssim', algorithm: 'greedy', targetCount: 9 },
];

describe('manifest build and schema round trip', () => {
  it.each(PARAMS)('%j validates and round-trips', (params) => {
    const m = manifestFor(params);
    expect(m.schema).toBe(MANIFEST_SCHEMA);
    expect(m.software.name).toBe('ctsieve');
    expect(parseManifest(serializeManifest(m), 'm.json')).toEqual(m);
    expect(reductionParams(m)).toEqual(params.method === 'hash' && params.algorithm === 'greedy' ? { drop: 'later', ...params } : params.method === 'ssim' ? { drop: 'later', ...params } : params);
  });

  it('records kept sets, slice sources, representatives and greedy order', () => {
    const m = manifestFor({ method: 'hash', algorithm: 'greedy', maxDistance: 6 });
    const v = m.volumes[0];
    expect(v.kept).toEqual(golden.pairwise_greedy.hash['6'].kept);
    expect(m.params).toMatchObject({ threshold: 6, thresholdMeaning: 'maxDistance', drop: 'later', pool: 'volume', conversion: { kind: 'as-is' } });
    expect(m.params.pairOrder).toMatch(/ties by \(i, j\) ascending/);
    expect(v.slices[5]).toMatchObject({ index: 5, kept: false, file: golden.slices[5].name, sopInstanceUID: '1.2.3.5', position: [0, 0, 12.5] });
    expect(v.kept).toContain(v.slices[5].nearestKept);
    expect(v.stopReason).toBe('threshold');
  });

  it('records the similarity method\'s own parameters (DeepNet embedder) when given', () => {
    const similarityParams = { embedder: 'mobilenet-v2-block10', dim: 96, inputSize: [224, 224] };
    const m = manifestFor({ method: 'hash', algorithm: 'greedy', maxDistance: 6 }, { similarityParams });
    expect(m.params.similarity).toEqual(similarityParams);
    expect(parseManifest(serializeManifest(m)).params.similarity).toEqual(similarityParams);
    expect(manifestFor({ method: 'all' }).params.similarity).toBeUndefined();
  });

  it('records reviewer overrides per slice', () => {
    const result = applyOverrides(reduce(hamming, { method: 'hash', algorithm: 'leader', maxDistance: 6 }), { 1: 'keep' });
    const m = buildManifest({ volumes: [{ meta, voxelSha256: SHA, result }], params: result.params, backend: 'cpu', conversion: { kind: 'minmax' } });
    const back = parseManifest(serializeManifest(m));
    expect(back.volumes[0].slices[1]).toMatchObject({ kept: true, override: 'keep' });
    expect(back.volumes[0].kept).toContain(1);
  });
});

describe('dataset-wide manifests', () => {
  it('record pool "dataset" and cross-volume representatives, and round-trip', () => {
    const params = { method: 'hash', algorithm: 'greedy', maxDistance: 6 } as const;
    const pool = reducePool([{ id: 'a', n: 40 }, { id: 'b', n: 24 }], hamming, params);
    const m = buildManifest({
      volumes: pool.volumes.map(({ id, result }, v) => ({ meta: { id, name: id }, voxelSha256: (v ? 'cd' : 'ab').repeat(32), result })),
      params,
      backend: 'cpu',
      conversion: { kind: 'minmax' },
      pool: 'dataset',
    });
    const back = parseManifest(serializeManifest(m));
    expect(back.params.pool).toBe('dataset');
    expect(back.volumes[1].slices.some((s) => s.nearestKeptVolume === 'a')).toBe(true);
    const broken = JSON.parse(serializeManifest(m)) as Manifest;
    broken.volumes.shift();
    expect(() => parseManifest(JSON.stringify(broken), 'pool.json')).toThrow(/pool\.json: \/volumes\/0\/slices\/\d+\/nearestKeptVolume: names volume "a", which is not in this manifest/);
  });
});

describe('manifest validation errors name the file, the JSON path and the problem', () => {
  const good = () => JSON.parse(serializeManifest(manifestFor({ method: 'hash', algorithm: 'leader', maxDistance: 6 }))) as Record<string, unknown> & Manifest;
  const parse = (o: unknown) => () => parseManifest(JSON.stringify(o), 'study.json');

  it('rejects broken JSON', () => {
    expect(() => parseManifest('{"schema":', 'study.json')).toThrow(/^study\.json: \/: not valid JSON/);
  });

  it('rejects unknown or missing schema versions', () => {
    expect(parse({ ...good(), schema: 'ctsieve-manifest/2' })).toThrow(/study\.json: \/schema: unsupported schema "ctsieve-manifest\/2" \(this ctsieve reads "ctsieve-manifest\/1"\)/);
    const { schema: _schema, ...rest } = good();
    expect(parse(rest)).toThrow(/\/schema: missing; not a ctsieve manifest/);
  });

  it('reports schema violations with their paths', () => {
    const m = good();
    m.volumes[0].slices[3].kept = 'yes' as unknown as boolean;
    expect(parse(m)).toThrow(/study\.json: \/volumes\/0\/slices\/3\/kept: must be boolean/);
    expect(parse({ ...good(), method: 'fancy' })).toThrow(/\/method: must be one of "all", "everyn", "hash"/);
    expect(parse({ ...good(), extra: 1 })).toThrow(/\/: unknown field "extra"/);
    const { backend: _backend, ...noBackend } = good();
    expect(parse(noBackend)).toThrow(/missing required field "backend"/);
    const bad = good();
    bad.volumes[0].voxelSha256 = 'xyz';
    expect(parse(bad)).toThrow(/\/volumes\/0\/voxelSha256: must match pattern/);
  });

  it('checks what the schema cannot: kept list, slice order, references', () => {
    const m = good();
    m.volumes[0].kept = [0, 1];
    expect(parse(m)).toThrow(/\/volumes\/0\/kept: does not match the slices marked kept/);
    const swapped = good();
    swapped.volumes[0].slices[2].index = 7;
    expect(parse(swapped)).toThrow(/\/volumes\/0\/slices\/2\/index: is 7, expected 2/);
    const ref = good();
    ref.volumes[0].slices[2].nearestKept = 99;
    expect(parse(ref)).toThrow(/\/volumes\/0\/slices\/2\/nearestKept: is 99, outside 0..63/);
  });
});

describe('privacy', () => {
  const patient = { patientName: 'DOE^JANE', patientId: 'PID-4711', birthDate: '19700101', accessionNumber: 'ACC-0815' };
  const leakyMeta = { ...meta, PatientName: 'DOE^JANE', PatientID: 'PID-4711', patient, AccessionNumber: 'ACC-0815' };

  it('never writes patient fields unless the user opts in', () => {
    const params = { method: 'hash', algorithm: 'leader', maxDistance: 6 } as const;
    const base = { params, backend: 'cpu', conversion: { kind: 'minmax' } as const };
    const m = buildManifest({ ...base, volumes: [{ meta: leakyMeta, voxelSha256: SHA, result: reduce(hamming, params), patient }] });
    const text = serializeManifest(m);
    for (const value of Object.values(patient)) expect(text).not.toContain(value);
    const optIn = buildManifest({ ...base, includePatientFields: true, volumes: [{ meta: leakyMeta, voxelSha256: SHA, result: reduce(hamming, params), patient }] });
    expect(optIn.volumes[0].patient).toEqual(patient);
    expect(parseManifest(serializeManifest(optIn)).volumes[0].patient).toEqual(patient);
  });
});

describe('applyManifest', () => {
  it('restores marks for volumes matched by voxelSha256 and lists the rest', () => {
    const m = manifestFor({ method: 'ssim', algorithm: 'greedy', keepFraction: 0.2 });
    const applied = applyManifest(m, [
      { id: 'renamed-on-this-machine', voxelSha256: SHA, n: 64 },
      { id: 'other', voxelSha256: 'cd'.repeat(32) },
    ]);
    expect(applied.params).toEqual({ method: 'ssim', algorithm: 'greedy', drop: 'later', keepFraction: 0.2 });
    expect(applied.matched).toHaveLength(1);
    expect(applied.matched[0]).toMatchObject({ loadedId: 'renamed-on-this-machine', manifestVolumeId: 'chest', kept: golden.pairwise_greedy.ssim['0.2'].kept });
    expect(applied.unmatchedLoaded).toEqual(['other']);
    expect(applied.unmatched).toEqual([]);
    const none = applyManifest(m, [{ id: 'x', voxelSha256: 'cd'.repeat(32) }]);
    expect(none.unmatched).toEqual([{ id: 'chest', voxelSha256: SHA, reason: expect.stringMatching(/voxelSha256 differs/) }]);
    const wrongCount = applyManifest(m, [{ id: 'x', voxelSha256: SHA, n: 60 }]);
    expect(wrongCount.unmatched[0].reason).toMatch(/'x' has 60 slices, the manifest 64/);
  });

  it('brings back overrides', () => {
    const result = applyOverrides(reduce(hamming, { method: 'hash', algorithm: 'leader', maxDistance: 6 }), { 2: 'keep', 0: 'drop' });
    const m = buildManifest({ volumes: [{ meta, voxelSha256: SHA, result }], params: result.params, backend: 'cpu', conversion: { kind: 'minmax' } });
    const [match] = applyManifest(m, [{ id: 'v', voxelSha256: SHA }]).matched;
    expect([...match.overrides]).toEqual([[0, 'drop'], [2, 'keep']]);
  });
});

describe('the manifest schema and the method table', () => {
  it('allow the same methods and algorithms', async () => {
    const schema = (await import('./ctsieve-manifest-1.schema.json')).default as unknown as { properties: Record<string, { enum: string[] }> };
    const { ALGORITHMS, REDUCTION_METHODS } = await import('../methods');
    expect([...schema.properties.method.enum].sort()).toEqual([...REDUCTION_METHODS].sort());
    expect([...schema.properties.algorithm.enum].sort()).toEqual(['all', 'everyn', ...ALGORITHMS].sort());
  });
});
