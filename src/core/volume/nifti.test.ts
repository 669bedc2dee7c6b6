import { describe, expect, it } from 'vitest';
import { readVolumes } from './index';
import { readNifti } from './nifti';
import { DEFAULT_VOLUME_BUDGET_BYTES } from '../runtime/memory';
import type { InputFile } from './input';
import { expected, expectVolumeMatches, fixtureFiles } from './testing/fixtures';

/** Serves a file as a stream of `size`-byte chunks, as a browser File or a Node stream would. */
function chunked(file: InputFile, size: number): InputFile {
  return {
    ...file,
    async *stream() {
      const bytes = await file.read();
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    },
  };
}

describe('NIfTI-1 and NIfTI-2 against nibabel', () => {
  for (const [name, e] of Object.entries(expected.nifti)) {
    it(`${name}`, async () => {
      const { volumes, skipped } = await readVolumes(fixtureFiles(`nifti/${name}`));
      expect(skipped).toEqual([]);
      await expectVolumeMatches(volumes[0], e);
    });
  }

  it('gives the same volume when the bytes arrive in small chunks (streaming)', async () => {
    for (const name of ['n1_int16_scaled.nii.gz', 'n2_float64.nii.gz', 'n1_float32.nii']) {
      const file = chunked(fixtureFiles(`nifti/${name}`)[0], 7);
      const v = await readNifti(file, { memoryBudgetBytes: DEFAULT_VOLUME_BUDGET_BYTES });
      await expectVolumeMatches(v, expected.nifti[name]);
    }
  });

  it('says that the orientation is not applied', async () => {
    const { volumes } = await readVolumes(fixtureFiles('nifti/n1_int16.nii'));
    expect(volumes[0].warnings.join()).toMatch(/not applied/);
  });
});

describe('NIfTI reading that stops early', () => {
  it('closes the file stream when the header is refused (no file left open in a long dataset run)', async () => {
    let closed = false;
    const bad = new Uint8Array(4096); // sizeof_hdr 0: neither NIfTI-1 nor NIfTI-2
    const file: InputFile = {
      path: 'bad.nii',
      size: bad.length * 4,
      read: async () => bad,
      stream: async function* () {
        try {
          for (let i = 0; i < 4; i++) yield bad;
        } finally {
          closed = true;
        }
      },
    };
    await expect(readNifti(file, { memoryBudgetBytes: DEFAULT_VOLUME_BUDGET_BYTES })).rejects.toThrow(/bad\.nii: not a NIfTI-1 or NIfTI-2 file/);
    expect(closed).toBe(true);
  });
});
