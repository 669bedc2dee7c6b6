import { describe, expect, it } from 'vitest';
import { fixtureFiles } from './testing/fixtures';
import { discoverVolumes, loadVolume } from './discover';
import { readVolumes } from './index';
import { voxelSha256 } from './hash';
import type { InputFile } from './input';

/** Counts whole-file reads, to show discovery does not read NIfTI or PNG pixel data. */
function counting(files: InputFile[]): { files: InputFile[]; reads: () => number } {
  let reads = 0;
  return {
    files: files.map((f) => ({ ...f, read: () => { reads++; return f.read(); }, stream: undefined })),
    reads: () => reads,
  };
}

describe('discoverVolumes + loadVolume', () => {
  it('lists PNG groups (pipeline naming) and DICOM series with sizes, without reading PNG files', async () => {
    const { files, reads } = counting([...fixtureFiles('png_groups'), ...fixtureFiles('dicom/series_shuffled'), ...fixtureFiles('dicom/CT_small.dcm')]);
    const d = await discoverVolumes(files);
    const png = d.volumes.filter((v) => v.format === 'png');
    expect(png.map((v) => [v.key, v.slices])).toEqual([['png_groups/p7_1', 11], ['png_groups/p7_2', 3]]);
    const dicom = d.volumes.filter((v) => v.format === 'dicom');
    expect(dicom.map((v) => [v.slices, v.files.length, v.rows]).sort()).toEqual([[1, 1, 128], [5, 5, dicom.find((v) => v.slices === 5)!.rows]]);
    expect(dicom.every((v) => v.key === `dicom:${v.seriesInstanceUID}`)).toBe(true);
    expect(reads()).toBe(6); // the DICOM headers only
    expect(d.volumes.every((v) => v.bytes === v.files.reduce((s, f) => s + f.size, 0))).toBe(true);
  });

  it('loads each volume alone, with the same voxels readVolumes gives', async () => {
    const files = [...fixtureFiles('png_groups'), ...fixtureFiles('dicom/series_shuffled'), ...fixtureFiles('nifti')];
    const all = await readVolumes(files);
    const d = await discoverVolumes(files);
    expect(d.volumes).toHaveLength(all.volumes.length);
    const want = new Set(await Promise.all(all.volumes.map((v) => voxelSha256(v))));
    for (const entry of d.volumes) {
      const { volume } = await loadVolume(entry);
      expect(want.has(await voxelSha256(volume))).toBe(true);
    }
  });

  it('names the file when one volume is corrupt, and the others still load', async () => {
    const good = fixtureFiles('png_groups');
    const bad: InputFile = { path: 'broken/scan.nii.gz', size: 10, read: async () => new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]) };
    const d = await discoverVolumes([...good, bad]);
    const entry = d.volumes.find((v) => v.key === 'broken/scan.nii.gz')!;
    await expect(loadVolume(entry)).rejects.toThrow(/broken\/scan\.nii\.gz/);
    for (const v of d.volumes.filter((x) => x !== entry)) await expect(loadVolume(v)).resolves.toBeDefined();
  });
});
