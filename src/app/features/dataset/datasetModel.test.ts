import { describe, expect, it } from 'vitest';
import { datasetTotals, dicomTitle, methodLabel, nextOrder, rowFromManifestVolume, rowHistogram, sortRows, stripPickedFolder, type DatasetRow } from './datasetModel';

const row = (key: string, slices?: number, keptPercent?: number): DatasetRow => ({ key, format: 'nifti', slices, keptPercent, status: keptPercent === undefined ? 'waiting' : 'done' });

describe('dataset view model', () => {
  const rows = [row('b', 10, 50), row('a10', 30, 5), row('a2', 20, 100), row('c')];
  it('sorts by a column either way, rows without a value last, keys in natural order', () => {
    expect(sortRows(rows, { column: 'keptPercent', descending: true }).map((r) => r.key)).toEqual(['a2', 'b', 'a10', 'c']);
    expect(sortRows(rows, { column: 'slices', descending: false }).map((r) => r.key)).toEqual(['b', 'a2', 'a10', 'c']);
    expect(sortRows(rows, { column: 'key', descending: false }).map((r) => r.key)).toEqual(['a2', 'a10', 'b', 'c']);
  });
  it('flips the direction on a second click', () => {
    expect(nextOrder({ column: 'key', descending: false }, 'key')).toEqual({ column: 'key', descending: true });
    expect(nextOrder({ column: 'key', descending: false }, 'keptPercent')).toEqual({ column: 'keptPercent', descending: true });
  });
  it('bins kept % in tens, 100 % in the last bin', () => {
    expect(rowHistogram(rows)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
  it('drops the picked folder’s name so keys match the CLI’s', () => {
    expect(stripPickedFolder(['tree/a.nii', 'tree/p/x.dcm'])).toEqual(['a.nii', 'p/x.dcm']);
    expect(stripPickedFolder(['a.nii', 'tree/x.dcm'])).toEqual(['a.nii', 'tree/x.dcm']);
  });
  it('labels the method with its stop', () => {
    expect(methodLabel({ method: 'hash', params: { pool: 'volume', conversion: { kind: 'minmax' }, threshold: 6, thresholdMeaning: 'maxDistance' } })).toBe('hash ≤ 6');
    expect(methodLabel({ method: 'ssim', params: { pool: 'volume', conversion: { kind: 'minmax' }, keepFraction: 0.1 } })).toBe('ssim keep 10%');
  });
});

describe('dicomTitle', () => {
  it('names a series by its description and folder, not its UID', () => {
    expect(dicomTitle({ description: 'Head 5mm', modality: 'CT', files: [{ path: 'p1/st/s2/a.dcm' }, { path: 'p1/st/s2/b.dcm' }] })).toBe('Head 5mm — p1/st/s2');
  });
  it('falls back to the modality, and marks files spread over folders', () => {
    expect(dicomTitle({ modality: 'MR', files: [{ path: 'a/1.dcm' }, { path: 'b/2.dcm' }] })).toBe('MR series — a …');
    expect(dicomTitle({ files: [{ path: 'x.dcm' }] })).toBe('DICOM series — .');
  });
});

describe('the totals row', () => {
  it('counts every volume, and slices, kept and kept % over the computed ones', () => {
    const rows = [
      { key: 'a', format: 'nifti', slices: 100, kept: 10, keptPercent: 10, status: 'done' as const },
      { key: 'b', format: 'nifti', slices: 50, kept: 20, keptPercent: 40, status: 'done' as const },
      { key: 'c', format: 'nifti', status: 'waiting' as const },
    ];
    expect(datasetTotals(rows)).toEqual({ volumes: 3, slices: 150, kept: 30, computed: 2, keptPercent: 20 });
    expect(datasetTotals([])).toEqual({ volumes: 0, slices: 0, kept: 0, computed: 0 });
  });

  it('a merged manifest names a DICOM series by its name and source, the UID stays the key', () => {
    const row = rowFromManifestVolume({ id: 'dicom:1.2.3', name: 'Chest 1mm', source: 'p1/series', voxelSha256: 'x', n: 4, kept: [0, 2], slices: [] }, { method: 'hash', params: { threshold: 6, thresholdMeaning: 'maxDistance' } as never });
    expect(row).toMatchObject({ key: 'dicom:1.2.3', title: 'Chest 1mm — p1/series', keptPercent: 50 });
  });
});
