import { describe, expect, it } from 'vitest';
import type { VolumeSummary } from '../store/volumesSlice';
import { volumeLabel } from './volumeLabel';

const uid = '1.2.826.0.1.3680043.8.498.12345678901234567890123456789012345678901234';
function dicom(extra: Partial<VolumeSummary>): VolumeSummary {
  return { id: uid, name: `CT series ${uid}`, format: 'dicom', rows: 2, cols: 2, slices: 2, spacing: [1, 1, 1], modality: 'CT', warnings: [], seriesInstanceUID: uid, ...extra };
}

describe('volume tab labels', () => {
  it('name DICOM series by description and number, not by UID', () => {
    expect(volumeLabel(dicom({ seriesDescription: 'Head 5mm', seriesNumber: 3 }))).toBe('Head 5mm #3');
    expect(volumeLabel(dicom({ seriesNumber: 3 }))).toBe('CT series #3');
    expect(volumeLabel(dicom({}))).toBe(`CT series …${uid.slice(-6)}`);
    expect(volumeLabel(dicom({}))).not.toContain(uid);
  });
  it('keep file names', () => {
    expect(volumeLabel({ ...dicom({}), format: 'nifti', name: 'a.nii' })).toBe('a.nii');
  });
});
