import { describe, expect, it } from 'vitest';
import { readVolumes } from './index';
import { sha256Hex } from './hash';
import { sliceView } from './types';
import { baseName } from './input';
import { referencePngDir, loadGolden } from '../testing/referenceFixture';
import { expected, expectVolumeMatches, fixtureFiles } from './testing/fixtures';

describe('PNG slice folders', () => {
  it('splits <patient>_<n>_<i>.png into volumes ordered by i (natural, not lexical)', async () => {
    const { volumes } = await readVolumes(fixtureFiles('png_groups'));
    expect(volumes.map((v) => v.name)).toEqual(Object.keys(expected.png));
    for (const v of volumes) {
      const e = expected.png[v.name];
      expect(v.sources.map((s) => baseName(s.file!))).toEqual(e.order);
      expect(v.format).toBe('png');
      await expectVolumeMatches(v, e);
    }
  });

  it('reads the reference 8-bit slices unchanged, in file-name order', async () => {
    const golden = loadGolden();
    const dir = referencePngDir();
    const { volumes } = await readVolumes(fixtureFiles('.', dir));
    expect(volumes).toHaveLength(1);
    const v = volumes[0];
    expect(v.slices).toBe(golden.slices.length);
    for (let k = 0; k < v.slices; k++) {
      expect(baseName(v.sources[k].file!)).toBe(golden.slices[k].name);
      expect(await sha256Hex(sliceView(v, k) as Uint8Array)).toBe(golden.slices[k].u8_sha256);
    }
  });
});
