/**
 * A full disk during `dataset reduce` (issue 24 item 2): the writer is made to fail with ENOSPC
 * from the second result on; the run stops there with one message saying what was written and that
 * the same command continues, and the rerun (space freed) finishes the rest.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIXTURES } from '../../core/volume/testing/fixtures';
import datasetReduce from './datasetReduce';

/** When set, writes of result files beyond this many fail with ENOSPC (as a full disk does). */
const disk = vi.hoisted(() => ({ resultsAllowed: Infinity, resultsWritten: 0 }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof fs.writeFile = async (path, data, opts) => {
    if (String(path).includes('/results/')) {
      if (disk.resultsWritten >= disk.resultsAllowed) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${String(path)}'`), { code: 'ENOSPC', errno: -28 });
      disk.resultsWritten++;
    }
    return fs.writeFile(path, data, opts);
  };
  return { ...fs, writeFile, default: { ...fs, writeFile } };
});

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ctsieve-enospc-'));
  mkdirSync(join(base, 'tree'), { recursive: true });
  for (const name of ['a', 'b', 'c', 'd']) cpSync(join(FIXTURES, 'nifti/n1_int16.nii'), join(base, `tree/${name}.nii`));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    return { code: await datasetReduce(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

describe('dataset reduce on a full disk', () => {
  const args = () => [join(base, 'tree'), '--method', 'hash', '--threshold', '6', '--backend', 'cpu', '--jobs', '1', '--out-dir', join(base, 'out')];

  it('stops at the first ENOSPC with one message, and a rerun continues', async () => {
    disk.resultsAllowed = 1;
    const full = await run(args());
    expect(full.code).toBe(1);
    expect(full.stderr.match(/ENOSPC/g)).toHaveLength(1);
    expect(full.stderr).not.toMatch(/FAILED/);
    expect(full.stderr).toMatch(/the disk is full \(ENOSPC\) writing the result of b\.nii .*stopped\. 1 result\(s\) written in this run \(1 of 4 volumes done\); .*run the same command again: .*continues with the 3 volume\(s\) left/);
    expect(readdirSync(join(base, 'out/results'))).toHaveLength(1);
    expect(readdirSync(join(base, 'out/results')).filter((n) => n.includes('.tmp-'))).toHaveLength(0);

    disk.resultsAllowed = Infinity;
    const again = await run(args());
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/4 volume\(s\) — 3 reduced, 1 already done, 0 failed/);
  }, 60_000);
});
