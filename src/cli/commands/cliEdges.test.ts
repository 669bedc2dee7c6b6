/**
 * Rough edges a new user hit (issue 24 item 2): `help` names --time-budget; `dataset reduce
 * --method hash` starts no GPU in its worker threads (no Dawn/Vulkan driver noise on stderr);
 * argument problems are named before any volume is read (so no reader warning comes first); a stray
 * notes.txt is named as ignored and the run still exits 0.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../core/testing/referenceFixture';
import { FIXTURES } from '../../core/volume/testing/fixtures';
import { usageText } from '../commandTable';
import { workerBackend } from './datasetReduce';
import reduceCommand from './reduce';

let base: string;

/** The CLI from source in a fresh process (its stderr as a user sees it, worker threads included). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CTSIEVE_DEBUG: '' } });
  return { code: r.status, stderr: r.stderr };
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ctsieve-edges-'));
  mkdirSync(join(base, 'tree/deep'), { recursive: true });
  cpSync(join(FIXTURES, 'nifti/n1_int16.nii'), join(base, 'tree/a.nii'));
  cpSync(join(FIXTURES, 'nifti/n1_int16_scaled.nii.gz'), join(base, 'tree/deep/b.nii.gz'));
  cpSync(join(FIXTURES, 'dicom/series_shuffled'), join(base, 'tree/series'), { recursive: true });
  writeFileSync(join(base, 'tree/notes.txt'), 'notes\n');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('CLI rough edges', () => {
  it('help names pretrain --time-budget', () => {
    expect(usageText()).toMatch(/ctsieve pretrain [\s\S]*--time-budget SECONDS[\s\S]*ctsieve evaluate/);
  });

  it('dataset reduce --method hash on worker threads prints no GPU driver noise, names notes.txt as skipped and exits 0', () => {
    const r = cli('dataset', 'reduce', join(base, 'tree'), '--method', 'hash', '--threshold', '6', '--jobs', '2', '--out-dir', join(base, 'out'));
    expect(r.stderr).toMatch(/3 reduced, 0 already done, 0 failed/);
    expect(r.stderr).toMatch(/skipped notes\.txt: .*ignored/);
    expect(r.stderr).not.toMatch(/vkCreateInstance|Vulkan|XDG_RUNTIME_DIR|WebGPU unavailable|^\s+at /m);
    expect(r.code).toBe(0);
  }, 120_000);

  it('auto settles to the CPU without any probe for ALL, EveryN and HASH', async () => {
    for (const method of ['all', 'everyn', 'hash'] as const) {
      expect(await workerBackend({ backend: 'auto', params: { method } as never })).toBe('cpu');
    }
    expect(await workerBackend({ backend: 'wasm', params: { method: 'ssim' } as never })).toBe('wasm');
  });

  it('a missing --model is named before the volume is read (no reader warning first)', async () => {
    let stderr = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    try {
      await expect(reduceCommand([join(base, 'tree/a.nii'), '--method', 'deepnet', '--threshold', '0.9', '--model', join(base, 'nope')])).rejects.toThrow(/--model \S*nope: no such file or folder/);
    } finally {
      vi.restoreAllMocks();
    }
    expect(stderr).not.toMatch(/orientation/);
  });
});
