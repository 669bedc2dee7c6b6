/**
 * `pretrain <root>` on a folder holding several volumes (as `dataset reduce` takes it), a stray
 * file named and ignored, warnings naming their file; `--resume` accepting the first command's
 * own options and refusing only real changes (issue 24 item 2).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pretrainPreset } from '../../core/ssl';
import { FIXTURES } from '../../core/volume/testing/fixtures';
import { resumeConfig } from '../pretrainResume';
import pretrainCommand from './pretrain';

let root: string;
let stderr = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ctsieve-pretrain-root-'));
  mkdirSync(join(root, 'tree/nifti'), { recursive: true });
  cpSync(join(FIXTURES, 'nifti/n1_int16.nii'), join(root, 'tree/nifti/a.nii'));
  cpSync(join(FIXTURES, 'nifti/n1_int16_scaled.nii.gz'), join(root, 'tree/b.nii.gz'));
  cpSync(join(FIXTURES, 'dicom/series_shuffled'), join(root, 'tree/series'), { recursive: true });
  writeFileSync(join(root, 'tree/notes.txt'), 'scanner notes\n');
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

describe('pretrain <root> with several volumes', () => {
  const out = () => join(root, 'run');
  const first = () => [join(root, 'tree'), '--config', 'tiny', '--steps', '1', '--backend', 'cpu', '--out-dir', out()];

  it('trains on every volume under the folder, names the stray file as ignored, exits 0', async () => {
    stderr = '';
    expect(await pretrainCommand(first())).toBe(0);
    const h = JSON.parse(readFileSync(join(out(), 'history.json'), 'utf8'));
    expect(h.slicesUsed).toBe(4 + 4 + 5); // two 4-slice NIfTI files and the 5-slice DICOM series
    expect(stderr).toMatch(/skipped notes\.txt: .*ignored/);
    // The reader's warning names the volume it is about.
    expect(stderr).toMatch(/warning: \S*tree\/nifti\/a\.nii: orientation \(sform\) not applied/);
  });

  it('--resume added to the same command is accepted; a real change is refused naming the fields', async () => {
    const longer = first().map((a) => (a === '1' ? '2' : a));
    expect(await pretrainCommand([...longer, '--resume'])).toBe(0);
    const h = JSON.parse(readFileSync(join(out(), 'history.json'), 'utf8'));
    expect(h.steps.map((s: { step: number }) => s.step)).toEqual([0, 1]);
    await expect(pretrainCommand([...longer, '--seed', '3', '--resume'])).rejects.toThrow(/another config \(seed 0 → 3\)/);
  });
});

describe('resumeConfig', () => {
  const saved = pretrainPreset('tiny', { steps: 4, epochs: undefined, seed: 2 });
  const given = (...names: string[]) => new Set(names);

  it('takes options equal to the checkpoint’s, and the new --steps / --time-budget', () => {
    const c = resumeConfig({ preset: 'tiny', overrides: { steps: 9, epochs: undefined, seed: 2, timeBudgetSeconds: 5 }, given: given('--config', '--steps', '--seed', '--time-budget') }, saved);
    expect(c).toMatchObject({ ...saved, steps: 9, timeBudgetSeconds: 5 });
  });

  it('without --config reads the options against the checkpoint’s own config', () => {
    expect(resumeConfig({ overrides: { seed: 2 }, given: given('--seed') }, saved)).toEqual(saved);
    expect(resumeConfig({ overrides: {}, given: given() }, saved)).toEqual(saved);
  });

  it('refuses another preset, architecture or batch, naming each field', () => {
    expect(() => resumeConfig({ preset: 'short', overrides: { seed: 2 }, given: given('--config', '--seed') }, saved)).toThrow(/arch "tiny" → "resnet18"/);
    expect(() => resumeConfig({ overrides: { batch: 16 }, given: given('--batch') }, saved)).toThrow(/batch 8 → 16/);
  });
});
