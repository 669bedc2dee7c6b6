import { describe, expect, it } from 'vitest';
import { errorRow } from './errorText';

describe('error rows name the file once', () => {
  it('drops a repeated leading file name', () => {
    expect(errorRow('scans/bad.dcm', 'scans/bad.dcm: not a DICOM file')).toEqual({ file: 'scans/bad.dcm', message: 'not a DICOM file' });
    expect(errorRow('scans/bad.dcm', 'bad.dcm: not a DICOM file')).toEqual({ file: 'scans/bad.dcm', message: 'not a DICOM file' });
  });
  it('shows the message alone when it names the file itself', () => {
    expect(errorRow('x.nii', 'cannot read x.nii: truncated')).toEqual({ message: 'cannot read x.nii: truncated' });
  });
  it('keeps the file when the message does not name it', () => {
    expect(errorRow('notes.txt', 'not a volume')).toEqual({ file: 'notes.txt', message: 'not a volume' });
  });
});
