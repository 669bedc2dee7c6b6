/**
 * The bundled real CT samples (public/samples, produced from Debian packages; see PROVENANCE.md)
 * read to the voxelSha256 their index.json records — NIfTI and the 108-file DICOM series alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../testing/referenceFixture';
import { readVolumes } from './index';
import { volumeInfo } from './info';
import { fixtureFiles } from './testing/fixtures';

const SAMPLES = join(repoRoot, 'public', 'samples');
const indexPath = join(SAMPLES, 'index.json');

interface SampleEntry {
  name: string;
  /** A file (NIfTI) or a folder (DICOM series). */
  file?: string;
  folder?: string;
  slices: number;
  rows: number;
  cols: number;
  spacing: [number, number, number];
  voxelSha256: string;
}

const samples: SampleEntry[] = existsSync(indexPath) ? (JSON.parse(readFileSync(indexPath, 'utf8')) as { samples: SampleEntry[] }).samples : [];

describe.skipIf(!samples.length)('bundled samples', () => {
  for (const s of samples) {
    const path = s.file ?? s.folder ?? s.name;
    it(`${path} matches its provenance voxelSha256`, async () => {
      const { volumes, skipped } = await readVolumes(fixtureFiles(path, SAMPLES));
      expect(skipped).toEqual([]);
      const info = await volumeInfo(volumes[0]);
      expect([info.slices, info.rows, info.cols]).toEqual([s.slices, s.rows, s.cols]);
      info.spacing.forEach((v, i) => expect(v).toBeCloseTo(s.spacing[i], 5));
      expect(info.modality).toBe('CT');
      expect(info.voxelSha256).toBe(s.voxelSha256);
    });
  }
});
