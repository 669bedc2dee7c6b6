/**
 * MetaImage (.mha, .mhd + .raw) and NRRD (.nrrd, .nhdr + .raw.gz; raw, gzip, text) read to the same
 * voxels and spacing as the NIfTI files they were written from (scripts/fixtures/
 * make_metaimage_nrrd_fixtures.py, Debian numpy; nibabel's values in expected.json), and the
 * problems a user can meet are named with the file.
 */
import { describe, expect, it } from 'vitest';
import { discoverVolumes, loadVolume, readVolumes, voxelSha256 } from './index';
import { inputFileFromBytes, type InputFile } from './input';
import { expected, expectVolumeMatches, fixtureFiles } from './testing/fixtures';

const DIR = 'metaimage_nrrd';
const SOURCES = ['n1_int16', 'n1_int16_bigendian', 'n1_float32', 'n1_uint8', 'n1_int16_scaled'];
/** Each written variant: the files it needs (header first). */
function variants(stem: string): { label: string; files: string[] }[] {
  const out = [
    { label: '.mha', files: [`${stem}.mha`] },
    { label: '.mha zlib', files: [`${stem}_zlib.mha`] },
    { label: '.mhd + .raw', files: [`${stem}.mhd`, `${stem}.raw`] },
    { label: '.nrrd raw', files: [`${stem}.nrrd`] },
    { label: '.nrrd gzip', files: [`${stem}_gzip.nrrd`] },
    { label: '.nhdr + .raw.gz', files: [`${stem}.nhdr`, `${stem}.raw.gz`] },
  ];
  if (stem.startsWith('n1_int16') && !stem.endsWith('scaled')) out.push({ label: '.nrrd text', files: [`${stem}_text.nrrd`] });
  return out;
}
const files = (names: string[]): InputFile[] => names.flatMap((n) => fixtureFiles(`${DIR}/${n}`));
const niftiName = (stem: string) => (stem.endsWith('scaled') ? `${stem}.nii.gz` : `${stem}.nii`);

describe('MetaImage and NRRD equal the NIfTI they were written from', () => {
  for (const stem of SOURCES) {
    for (const v of variants(stem)) {
      it(`${stem} ${v.label}`, async () => {
        const { volumes, skipped } = await readVolumes(files(v.files));
        expect(skipped).toEqual([]); // the detached data file is the header's, not "skipped"
        expect(volumes).toHaveLength(1);
        const [mine] = volumes;
        const nifti = (await readVolumes(fixtureFiles(`nifti/${niftiName(stem)}`))).volumes[0];
        expect(await voxelSha256(mine)).toBe(await voxelSha256(nifti));
        expect(mine.spacing).toEqual(nifti.spacing);
        expect(mine.format).toBe(v.files[0].includes('.mh') ? 'metaimage' : 'nrrd');
        await expectVolumeMatches(mine, expected.nifti[niftiName(stem)]); // nibabel's values
      });
    }
  }

  it('discovery pairs a detached header with its data file; loadVolume reads it', async () => {
    const all = fixtureFiles(DIR);
    const found = await discoverVolumes(all);
    expect(found.skipped).toEqual([]);
    const mhd = found.volumes.find((v) => v.key === `${DIR}/n1_int16.mhd`)!;
    expect(mhd).toMatchObject({ format: 'metaimage', slices: 4, rows: 5, cols: 7 });
    expect(mhd.files.map((f) => f.path)).toEqual([`${DIR}/n1_int16.mhd`, `${DIR}/n1_int16.raw`]);
    const nhdr = found.volumes.find((v) => v.key === `${DIR}/n1_int16.nhdr`)!;
    expect(nhdr.files.map((f) => f.path)).toEqual([`${DIR}/n1_int16.nhdr`, `${DIR}/n1_int16.raw.gz`]);
    const { volume } = await loadVolume(nhdr);
    expect(await voxelSha256(volume)).toBe(expected.nifti['n1_int16.nii'].sha256);
    expect(found.volumes.filter((v) => v.format === 'metaimage' || v.format === 'nrrd')).toHaveLength(5 * 6 + 2);
  });

  it('a header found through its sibling() (the CLI opens the data file beside a lone header)', async () => {
    const [raw] = files(['n1_int16.raw']);
    const [header] = files(['n1_int16.mhd']);
    const lone: InputFile = { ...header, sibling: async (name) => (name === 'n1_int16.raw' ? raw : undefined) };
    const { volumes } = await readVolumes([lone]);
    expect(await voxelSha256(volumes[0])).toBe(expected.nifti['n1_int16.nii'].sha256);
  });
});

describe('MetaImage and NRRD problems name the file', () => {
  const text = (path: string, s: string) => inputFileFromBytes(path, new TextEncoder().encode(s));

  it('a detached header without its data file', async () => {
    await expect(readVolumes(files(['n1_int16.mhd']))).rejects.toThrow(/n1_int16\.mhd: its data file 'n1_int16\.raw' was not found beside it/);
  });

  it('truncated data, an unsupported type or encoding, a 4-D image', async () => {
    const [mha] = files(['n1_int16.mha']);
    const cut = inputFileFromBytes('cut.mha', (await mha.read()).subarray(0, 400));
    await expect(readVolumes([cut])).rejects.toThrow(/cut\.mha: truncated: 280 bytes of 7×5×4 int16 voxels expected/);
    await expect(readVolumes([text('a.mha', 'NDims = 3\nDimSize = 2 2 2\nElementType = MET_LONG_LONG\nElementDataFile = LOCAL\n')])).rejects.toThrow(/a\.mha: unsupported MetaImage ElementType 'MET_LONG_LONG'/);
    await expect(readVolumes([text('b.nrrd', 'NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 2\nendian: little\nencoding: bzip2\n\n')])).rejects.toThrow(/b\.nrrd: unsupported NRRD encoding 'bzip2'/);
    await expect(readVolumes([text('c.nrrd', 'NRRD0004\ntype: short\ndimension: 4\nsizes: 2 2 2 3\nendian: little\nencoding: raw\n\n')])).rejects.toThrow(/c\.nrrd: 4-D NRRD \(2×2×2×3\) is not supported/);
    await expect(readVolumes([text('d.nrrd', 'hello\n')])).rejects.toThrow(/d\.nrrd: not a NRRD file/);
  });

  it('an unknown format says "unsupported format" with the file name', async () => {
    await expect(readVolumes([text('scan.xyz', 'not an image')])).rejects.toThrow(/scan\.xyz: unsupported format/);
    const { skipped } = await discoverVolumes([text('notes.txt', 'x'), ...files(['n1_int16.mha'])]);
    expect(skipped[0].reason).toMatch(/^notes\.txt: unsupported format .*; ignored$/);
  });
});
