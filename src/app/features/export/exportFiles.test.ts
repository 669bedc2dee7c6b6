import { describe, expect, it } from 'vitest';
import { buildManifest, parseManifest, type Manifest } from '../../../core/manifest';
import { reduce } from '../../../core/reduction';
import type { ReductionParams } from '../../../core/reduction';
import { describeImport, exportFileName, exportStem, exportText, importManifestText } from './exportFiles';

/** A 4-slice HASH reduction of a tiny distance matrix, as the app would build it. */
function sampleManifest(name = 'head-ct.nii.gz', volumes = 1): Manifest {
  const n = 4;
  const matrix = new Float64Array([0, 1, 9, 9, 1, 0, 9, 9, 9, 9, 0, 2, 9, 9, 2, 0]);
  const params: ReductionParams = { method: 'hash', algorithm: 'greedy', maxDistance: 6 };
  const result = reduce({ n, kind: 'distance', matrix }, params);
  return buildManifest({
    volumes: Array.from({ length: volumes }, (_, k) => ({ meta: { id: `v${k}`, name }, voxelSha256: `${k}`.repeat(64), result })),
    params,
    backend: 'cpu',
    conversion: { kind: 'minmax' },
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

describe('export file names', () => {
  it('are <volume>-<method> with one suffix per export', () => {
    const m = sampleManifest();
    expect(exportStem(m)).toBe('head-ct-hash');
    expect(exportFileName(m, 'manifest')).toBe('head-ct-hash.ctsieve.json');
    expect(exportFileName(m, 'csv')).toBe('head-ct-hash.ctsieve.csv');
    expect(exportFileName(m, 'monai')).toBe('head-ct-hash.monai.json');
    expect(exportFileName(m, 'zip')).toBe('head-ct-hash-kept.zip');
  });

  it('name several volumes as a dataset', () => {
    expect(exportStem(sampleManifest('a.nii', 3))).toBe('dataset-3vol-hash');
  });
});

describe('export text', () => {
  it('writes a manifest that parses and validates back to the same content', () => {
    const m = sampleManifest();
    expect(parseManifest(exportText(m, 'manifest'), 'x.json')).toEqual(m);
  });

  it('writes CSV with one row per slice and a MONAI datalist of the kept slices', () => {
    const m = sampleManifest();
    expect(exportText(m, 'csv').trim().split(/\r?\n/)).toHaveLength(1 + m.volumes[0].n);
    const datalist = JSON.parse(exportText(m, 'monai')) as { training: { image: string }[] };
    expect(datalist.training).toHaveLength(m.volumes[0].kept.length);
  });
});

describe('importManifestText', () => {
  it('reports how many slices are kept and matches loaded volumes by voxel hash', () => {
    const m = sampleManifest();
    const outcome = importManifestText(exportText(m, 'manifest'), 'a.ctsieve.json', [{ id: 'loaded', voxelSha256: m.volumes[0].voxelSha256, n: 4 }]);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.report).toMatchObject({ fileName: 'a.ctsieve.json', volumes: 1, slices: 4, kept: m.volumes[0].kept.length });
    expect(outcome.report.apply?.matched.map((v) => v.loadedId)).toEqual(['loaded']);
    expect(describeImport(outcome.report)).toBe(`a.ctsieve.json: 1 volume, ${m.volumes[0].kept.length} of 4 slices kept; matched 1 loaded volume`);
  });

  it('keeps every problem with its JSON path', () => {
    const bad = JSON.parse(exportText(sampleManifest(), 'manifest')) as Record<string, unknown> & { volumes: { kept: unknown }[] };
    bad.volumes[0].kept = 'all';
    const outcome = importManifestText(JSON.stringify(bad), 'bad.json');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.fileName).toBe('bad.json');
    expect(outcome.problems.map((p) => p.path)).toContain('/volumes/0/kept');
  });

  it('reports broken JSON at the document root', () => {
    const outcome = importManifestText('{"schema": ', 'broken.json');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0]).toMatchObject({ path: '', message: expect.stringMatching(/not valid JSON/) });
  });
});
