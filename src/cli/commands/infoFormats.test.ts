/**
 * The CLI reads MetaImage and NRRD as the app does (core's readers): `info --json` of a lone
 * .mhd / .nhdr header (its data file opened beside it) and of .mha / .nrrd gives the voxelSha256 and
 * spacing of the NIfTI they were written from; an unknown file says "unsupported format" naming it.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expected, FIXTURES } from '../../core/volume/testing/fixtures';
import { stdoutOf } from '../testing/stdout';
import infoCommand from './info';

const dir = mkdtempSync(join(tmpdir(), 'ctsieve-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ctsieve info on MetaImage and NRRD', () => {
  const nifti = expected.nifti['n1_int16.nii'];
  for (const name of ['n1_int16.mhd', 'n1_int16_zlib.mha', 'n1_int16.nhdr', 'n1_int16_gzip.nrrd']) {
    it(name, async () => {
      const info = JSON.parse(await stdoutOf(() => infoCommand([join(FIXTURES, 'metaimage_nrrd', name), '--json'])));
      expect(info).toMatchObject({ slices: nifti.slices, rows: nifti.rows, cols: nifti.cols, voxelSha256: nifti.sha256 });
      info.spacing.forEach((s: number, i: number) => expect(s).toBeCloseTo(nifti.spacing![i], 6));
    });
  }

  it('an unknown format is named', async () => {
    const file = join(dir, 'scan.xyz');
    writeFileSync(file, 'not an image');
    await expect(infoCommand([file, '--json'])).rejects.toThrow(/scan\.xyz: unsupported format/);
  });
});
