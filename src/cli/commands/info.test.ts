/**
 * `ctsieve info` end to end: the real command line (tsx src/cli/main.ts) on fixture files, checking
 * the DESIGN.md JSON contract and the one-line, non-zero exit on user errors.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../core/testing/referenceFixture';
import { expected, FIXTURES } from '../../core/volume/testing/fixtures';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ctsieve info', () => {
  it('prints the contract JSON for a DICOM folder', () => {
    const e = expected.series.series_shuffled;
    const r = cli('info', join(FIXTURES, 'dicom/series_shuffled'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(['cols', 'huMax', 'huMean', 'huMin', 'modality', 'rows', 'slices', 'spacing', 'voxelSha256']);
    expect(info).toMatchObject({ slices: e.slices, rows: e.rows, cols: e.cols, huMin: e.min, huMax: e.max, modality: 'CT', voxelSha256: e.sha256 });
  });

  it('chooses a series with --series and lists them without it (exit 1, one line)', () => {
    const dir = join(FIXTURES, 'dicom');
    const many = cli('info', dir, '--json');
    expect(many.code).toBe(1);
    expect(many.stdout).toBe('');
    expect(many.stderr.trim().split('\n')).toHaveLength(1);
    expect(many.stderr).toMatch(/^ctsieve: \d+ DICOM series found; choose one with --series UID: .*\(20 slices, CT\)/);
    const uid = /([\d.]+) \(20 slices, CT\)/.exec(many.stderr)![1];
    // The CT5N-based folders share one series: mixed sizes skip one file, and position duplicates are warned about.
    const one = cli('info', dir, '--series', uid, '--json');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ rows: 16, cols: 16, modality: 'CT' });
  });

  it('fails with one clear line for a truncated file and a missing path', () => {
    for (const [path, pattern] of [
      [join(FIXTURES, 'dicom/MR_truncated.dcm'), /MR_truncated\.dcm: corrupt or truncated DICOM/],
      ['/no/such/path', /\/no\/such\/path: no such file or folder/],
    ] as const) {
      const r = cli('info', path);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('prints a readable summary without --json', () => {
    const r = cli('info', join(FIXTURES, 'nifti/n1_int16.nii'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/nifti CT, 7×5×4 \(cols×rows×slices\)/);
    expect(r.stdout).toContain(expected.nifti['n1_int16.nii'].sha256);
  });
});
