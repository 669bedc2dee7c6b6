/**
 * Two loaded volumes of one name (two DICOM series both "CT", two files "image.nii.gz") get distinct
 * SPEC names (specVolumeNames: " #2", " #3" on later ones), and the SPEC the setup exports, the
 * run's and the preview's confusability request (armConfusabilityRequest) all use them — so each
 * volume's kept slices reach the measure (core measureArmConfusability) under its own name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSpec, measureArmConfusability } from '../../../core/experiment';
import { settleBackend } from '../../../core/runtime/settleBackend';
import { armConfusabilityRequest } from './armConfusabilityRequest';
import { armSlices, specVolumeNames, toSpec } from './specIO';
import type { ArmSpec } from './types';

const N = 6;
const ct1 = { volumeId: 'series-1', name: 'CT', voxelSha256: 'a1', n: N };
const ct2 = { volumeId: 'series-2', name: 'CT', voxelSha256: 'b2', n: N };
const arms: ArmSpec[] = [
  { id: 'all', label: 'ALL', params: { method: 'all' }, backend: 'none', volumes: [{ ...ct1, kept: [0, 1, 2, 3, 4, 5] }, { ...ct2, kept: [0, 1, 2, 3, 4, 5] }] },
  { id: 'e2', label: 'EveryN 2', params: { method: 'everyn', every: 2 }, backend: 'none', volumes: [{ ...ct1, kept: [0, 2, 4] }, { ...ct2, kept: [1, 3, 5] }] },
];

/** A 8-bit stack with content of its own per volume (a seeded ramp), as pre-training's conversion gives. */
function stack(seed: number) {
  const rows = 24;
  const cols = 24;
  const pixels = new Uint8Array(rows * cols * N);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * (seed + 3) + Math.floor(i / (rows * cols)) * 37 * seed) % 256;
  return { rows, cols, n: N, pixels };
}

describe('volumes of one name', () => {
  it('specVolumeNames suffixes later duplicates, deterministically, never onto a name another volume has', () => {
    expect(specVolumeNames([{ name: 'CT' }, { name: 'CT' }, { name: 'image.nii.gz' }, { name: 'CT' }, { name: 'image.nii.gz' }])).toEqual(['CT', 'CT #2', 'image.nii.gz', 'CT #3', 'image.nii.gz #2']);
    expect(specVolumeNames([{ name: 'CT' }, { name: 'CT' }, { name: 'CT #2' }])).toEqual(['CT', 'CT #3', 'CT #2']);
    expect(specVolumeNames([{ name: 'a' }, { name: 'b' }])).toEqual(['a', 'b']);
  });

  it('the exported SPEC names both volumes distinctly (the CLI’s check accepts it); arm slices use the same names', () => {
    const spec = toSpec({ arms, preset: 'tiny', arch: 'tiny', budget: 'steps', budgetValue: 5, seeds: [0], task: { kind: 'proxy' }, protocol: 'linear', runs: 3, evalEpochs: 2 });
    expect(spec.volumes).toEqual(['CT', 'CT #2']);
    expect(checkSpec(JSON.parse(JSON.stringify(spec)), 'x.json').volumes).toEqual(['CT', 'CT #2']);
    expect(armSlices(arms[1])).toEqual({ volumes: [{ id: 'CT', n: N, kept: [0, 2, 4] }, { id: 'CT #2', n: N, kept: [1, 3, 5] }] });
  });

  describe('the confusability request', () => {
    beforeAll(() => settleBackend('cpu'));

    it('keeps both volumes’ kept slices: each is measured under its own name', { timeout: 60_000 }, async () => {
      const request = armConfusabilityRequest(arms, 'tiny', 'cpu');
      expect(request.volumes).toEqual([{ volumeId: 'series-1', name: 'CT' }, { volumeId: 'series-2', name: 'CT #2' }]);
      // As the worker job: each transferred volume under the request's name.
      const volumes = request.volumes.map((v, k) => ({ id: v.name, stack: stack(k + 1) }));
      for (const [i, arm] of request.arms.entries()) {
        const out = await measureArmConfusability(volumes, arm.slices, request.preset);
        const kept = arms[i].volumes.map((v) => v.kept.length);
        expect(out.slices).toBe(kept[0] + kept[1]);
        expect((out.volumes as { id: string; slices: number }[]).map((v) => [v.id, v.slices])).toEqual([['CT', kept[0]], ['CT #2', kept[1]]]);
      }
    });

    it('under one name the measure is refused, not given one volume’s slices twice', async () => {
      const volumes = [{ id: 'CT', stack: stack(1) }, { id: 'CT', stack: stack(2) }];
      await expect(measureArmConfusability(volumes, { volumes: arms[1].volumes.map((v) => ({ id: v.name, n: v.n, kept: v.kept })) }, 'tiny')).rejects.toThrow("'CT'");
    });
  });
});
