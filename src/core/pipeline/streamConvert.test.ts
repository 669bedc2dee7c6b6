import { describe, expect, it } from 'vitest';
import { fixtureFiles } from '../volume/testing/fixtures';
import { readNifti } from '../volume/nifti';
import { convertVolume } from './conversion';
import { StreamingConverter } from './streamConvert';

describe('StreamingConverter', () => {
  it.each(['nifti/n1_int16.nii', 'nifti/n1_int16_scaled.nii.gz', 'nifti/n1_float32.nii', 'nifti/n2_float64.nii.gz'])('converts %s while reading, to the same bytes as after', async (path) => {
    const [file] = fixtureFiles(path);
    for (const conv of [undefined, { kind: 'window' as const, center: 40, width: 400 }]) {
      const converter = new StreamingConverter(conv);
      const volume = await readNifti(file, { memoryBudgetBytes: 2 ** 30, onSlice: converter.onSlice });
      const early = converter.take(volume);
      expect(early).toBeDefined();
      const after = convertVolume(volume, conv);
      expect(early!.conversion).toEqual(after.conversion);
      expect(Buffer.from(early!.stack.pixels).equals(Buffer.from(after.stack.pixels))).toBe(true);
    }
  });

  it('gives nothing when the reader did not stream every slice', () => {
    const converter = new StreamingConverter();
    const volume = { id: 'v', name: 'v', format: 'synthetic' as const, rows: 1, cols: 2, slices: 2, spacing: [1, 1, 1] as [number, number, number], modality: 'CT', sources: [], warnings: [], voxels: new Int16Array(4) };
    converter.onSlice(0, volume.voxels.subarray(0, 2), volume);
    expect(converter.take(volume)).toBeUndefined();
  });
});
