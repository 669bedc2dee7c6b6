/**
 * Test-only helpers (Node): the committed reader fixtures in tests/fixtures/ and their expected
 * values, computed by independent decoders (scripts/fixtures/make_volume_fixtures.py).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from '../../testing/referenceFixture';
import { inputFileFromBytes, type InputFile } from '../input';
import type { Volume } from '../types';
import { voxelSha256 } from '../hash';
import { voxelStats } from '../info';

export const FIXTURES = join(repoRoot, 'tests', 'fixtures');

export interface ExpectedVolume {
  dtype: 'int16' | 'float32' | 'uint8';
  slices: number;
  rows: number;
  cols: number;
  spacing?: [number, number, number];
  min: number;
  max: number;
  mean: number;
  sha256: string;
  samples: [number, number, number, number][];
  decoder: string;
  modality?: string;
  order?: string[];
}

export interface ExpectedFile {
  dicom: Record<string, ExpectedVolume>;
  series: Record<string, ExpectedVolume>;
  nifti: Record<string, ExpectedVolume>;
  png: Record<string, ExpectedVolume>;
}

export const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as ExpectedFile;

/** InputFiles for a fixture file or folder (recursive), paths relative to `base`. */
export function fixtureFiles(rel: string, base = FIXTURES): InputFile[] {
  const abs = join(base, rel);
  const out: InputFile[] = [];
  const add = (p: string) => {
    if (statSync(p).isDirectory()) readdirSync(p).forEach((n) => add(join(p, n)));
    else out.push(inputFileFromBytes(relative(base, p), new Uint8Array(readFileSync(p))));
  };
  add(abs);
  return out;
}

const ARRAY_TYPE = { int16: Int16Array, float32: Float32Array, uint8: Uint8Array } as const;

/** Asserts a volume equals the independently decoded expectation, voxel for voxel (by SHA-256). */
export async function expectVolumeMatches(v: Volume, e: ExpectedVolume): Promise<void> {
  expect(v.voxels).toBeInstanceOf(ARRAY_TYPE[e.dtype]);
  expect([v.slices, v.rows, v.cols]).toEqual([e.slices, e.rows, e.cols]);
  if (e.spacing) v.spacing.forEach((s, i) => expect(s).toBeCloseTo(e.spacing![i], 6));
  for (const [k, r, c, value] of e.samples) expect(v.voxels[k * v.rows * v.cols + r * v.cols + c]).toBe(value);
  const stats = voxelStats(v.voxels);
  expect(stats.min).toBe(e.min);
  expect(stats.max).toBe(e.max);
  expect(stats.mean).toBeCloseTo(e.mean, 6);
  expect(await voxelSha256(v)).toBe(e.sha256);
}
