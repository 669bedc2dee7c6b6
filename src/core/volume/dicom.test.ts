import { describe, expect, it } from 'vitest';
import { readVolumes } from './index';
import { baseName } from './input';
import { expected, expectVolumeMatches, fixtureFiles } from './testing/fixtures';

describe('DICOM single files, every transfer syntax, against independent decoders', () => {
  for (const [name, e] of Object.entries(expected.dicom)) {
    it(`${name} (${e.decoder})`, async () => {
      const { volumes, skipped } = await readVolumes(fixtureFiles(`dicom/${name}`));
      expect(skipped).toEqual([]);
      expect(volumes).toHaveLength(1);
      expect(volumes[0].modality).toBe(e.modality);
      await expectVolumeMatches(volumes[0], e);
    });
  }

  it('re-applies PixelRepresentation when a JPEG 2000 stream says unsigned', async () => {
    const { volumes } = await readVolumes(fixtureFiles('dicom/J2K_pixelrep_mismatch.dcm'));
    expect(volumes[0].voxels.some((v) => v < 0)).toBe(true);
  });

  it('warns for non-CT modalities but still reads them', async () => {
    const { volumes } = await readVolumes(fixtureFiles('dicom/MR_small.dcm'));
    expect(volumes[0].warnings.join()).toMatch(/modality is MR, not CT/);
  });
});

describe('DICOM series ordering and geometry', () => {
  it('orders by position along the normal when names and InstanceNumbers disagree', async () => {
    const e = expected.series.series_shuffled;
    const { volumes } = await readVolumes(fixtureFiles('dicom/series_shuffled'));
    const v = volumes[0];
    expect(v.sources.map((s) => baseName(s.file!))).toEqual(e.order);
    const z = v.sources.map((s) => s.position![2]);
    expect(z).toEqual([...z].sort((a, b) => a - b));
    expect(v.warnings).toEqual([]);
    await expectVolumeMatches(v, e);
  });

  it('falls back to InstanceNumber without positions, and says so', async () => {
    const e = expected.series.series_nopos;
    const v = (await readVolumes(fixtureFiles('dicom/series_nopos'))).volumes[0];
    expect(v.sources.map((s) => baseName(s.file!))).toEqual(e.order);
    expect(v.warnings.join()).toMatch(/ordered by InstanceNumber/);
    await expectVolumeMatches(v, e);
  });

  it('warns about gantry tilt and measures z along the normal', async () => {
    const e = expected.series.series_tilt;
    const v = (await readVolumes(fixtureFiles('dicom/series_tilt'))).volumes[0];
    expect(v.warnings.join()).toMatch(/gantry tilt of about 21\.8°/);
    expect(v.sources.map((s) => baseName(s.file!))).toEqual(e.order);
    await expectVolumeMatches(v, e);
  });

  it('lists every series and reads only the chosen one', async () => {
    const files = [...fixtureFiles('dicom/series_shuffled'), ...fixtureFiles('dicom/MR_small.dcm')];
    const ct = expected.series.series_shuffled;
    const all = await readVolumes(files);
    expect(all.series?.map((s) => s.slices).sort()).toEqual([1, 5]);
    const uid = all.series!.find((s) => s.modality === 'CT')!.seriesInstanceUID;
    const one = await readVolumes(files, { seriesUID: uid });
    expect(one.volumes).toHaveLength(1);
    expect(one.volumes[0].seriesInstanceUID).toBe(uid);
    await expectVolumeMatches(one.volumes[0], ct);
  });

  it('reports progress and can be cancelled', async () => {
    const seen: number[] = [];
    await readVolumes(fixtureFiles('dicom/series_shuffled'), { onProgress: (done, total) => seen.push(done / total) });
    expect(seen.at(-1)).toBe(1);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(readVolumes(fixtureFiles('dicom/series_shuffled'), { signal: ctrl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
