/**
 * `ctsieve evaluate` end to end (tsx src/cli/main.ts, tfjs cpu backend, tiny sizes): a labelled PNG
 * folder written here, a contract-A encoder folder, the report JSON/CSV and its mean/std, and the
 * comparison table; plus the readers' named errors in-process.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mean, std, type EvaluationReport } from '../../core/eval';
import { syntheticSamples } from '../../core/eval/testing/tinyEncoder';
import { buildEncoderLayersModel } from '../../core/ssl/encoders';
import { repoRoot } from '../../core/testing/referenceFixture';
import { FIXTURES } from '../../core/volume/testing/fixtures';
import { readLabelledInput } from '../labelledInput';
import { writeEncoderDir, writeImageFolder } from '../testing/labelledFixtures';
import { parseEvaluateArgs } from '../evaluate/args';
import { loadEncoderDir } from '../encoderDir';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  tmp = mkdtempSync(join(tmpdir(), 'ctsieve-eval-'));
  writeImageFolder(join(tmp, 'set'), syntheticSamples({ perClass: 20, size: 12, classes: ['normal', 'lesion'] }));
  // swav's export form (contract A), as pretrain writes it.
  await writeEncoderDir(join(tmp, 'run-a', 'encoder'), buildEncoderLayersModel({ arch: 'tiny', inputSize: 12 }, 3), {
    arch: 'tiny', inputSize: 12, channels: 1, mean: 0.5, std: 0.25, featureDim: 8, provenance: { config: { preset: 'tiny' }, slicesUsed: 64, steps: 5, seconds: 2 },
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ctsieve evaluate', () => {
  it('writes the report JSON (contract keys first) and CSV; mean/std are the runs\'', () => {
    const out = join(tmp, 'a.json');
    const r = cli('evaluate', join(tmp, 'set'), '--encoder', join(tmp, 'run-a', 'encoder'), '--protocol', 'linear', '--folds', '5', '--epochs', '20', '--backend', 'cpu', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as EvaluationReport;
    expect(Object.keys(rep).slice(0, 7)).toEqual(['task', 'protocol', 'classes', 'encoder', 'runs', 'mean', 'std']);
    expect(rep.classes).toEqual([{ name: 'lesion', count: 20 }, { name: 'normal', count: 20 }]);
    expect(rep.encoder).toMatchObject({ name: 'run-a', arch: 'tiny', provenance: { slicesUsed: 64 } });
    expect(rep.runs).toHaveLength(5);
    for (const k of ['auc', 'f1', 'accuracy'] as const) {
      expect(rep.mean[k]).toBe(mean(rep.runs.map((x) => x[k])));
      expect(rep.std[k]).toBe(std(rep.runs.map((x) => x[k])));
    }
    expect(rep.mean.auc).toBeGreaterThan(0.9);
    const csv = readFileSync(join(tmp, 'a.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 5 + 2);
    expect(r.stderr).toMatch(/run-a: AUC \d\.\d{3} ± \d\.\d{3}/);
    expect(r.stderr).toMatch(/note: no groups/);

    const s = cli('evaluate', join(tmp, 'set'), '--scratch', '--arch', 'tiny', '--input-size', '12', '--epochs', '5', '--backend', 'cpu', '--out', join(tmp, 's.json'));
    expect(s.code, s.stderr).toBe(0);
    const cmp = cli('evaluate', '--compare', join(tmp, 's.json'), out, '--out', join(tmp, 'table.json'));
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toMatch(/\| scratch tiny \| scratch \| linear \|/);
    expect(cmp.stdout).toMatch(/\| run-a \| model \| linear \| 64 \|/);
    expect(readFileSync(join(tmp, 'table.csv'), 'utf8').split('\n')[0]).toMatch(/^task,proxy,encoder/);
  });

  it('user errors: one line, exit 1', () => {
    const r = cli('evaluate', join(tmp, 'set'), '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('ctsieve: evaluate: give exactly one of --encoder DIR/encoder or --scratch');
  });
});

describe('evaluate arguments and labelled readers', () => {
  it('parses the contract flags; --runs and --folds must agree', () => {
    expect(parseEvaluateArgs(['d', '--scratch', '--arch', 'tiny', '--runs', '3'])).toMatchObject({ runs: 3, protocol: 'linear', encoder: { kind: 'scratch', arch: 'tiny' } });
    expect(() => parseEvaluateArgs(['d', '--scratch', '--runs', '3', '--folds', '5'])).toThrow(/disagree/);
    expect(() => parseEvaluateArgs(['d', '--encoder', 'e', '--arch', 'tiny'])).toThrow(/--scratch only/);
    expect(() => parseEvaluateArgs(['d', '--scratch', '--arch', 'mobilenetv2'])).toThrow(/bundled pre-trained trunk/);
  });

  it('split folders and group folders; groups and splits reach the samples', async () => {
    const root = join(tmp, 'split');
    const samples = syntheticSamples({ perClass: 8, size: 8, groupSize: 2 }).map((s, i) => ({ ...s, split: i % 4 === 0 ? ('test' as const) : ('train' as const) }));
    writeImageFolder(root, samples);
    const set = await readLabelledInput(root);
    expect(set.samples).toHaveLength(16);
    expect(set.samples.every((s) => s.split && s.group)).toBe(true);
  });

  it('names an empty class, a single class, an unreadable file; notes mixed sizes', async () => {
    const one = join(tmp, 'one');
    writeImageFolder(one, syntheticSamples({ perClass: 3, size: 8, classes: ['a'] }));
    await expect(readLabelledInput(one)).rejects.toThrow(/only one class \('a'\)/);
    mkdirSync(join(one, 'b'));
    await expect(readLabelledInput(one)).rejects.toThrow(/class 'b' has no readable slices/);
    writeFileSync(join(one, 'b', 'broken.png'), 'not a png');
    await expect(readLabelledInput(one)).rejects.toThrow(/unreadable file\(s\): b\/broken\.png/);
    rmSync(join(one, 'b', 'broken.png'));
    writeImageFolder(join(one), syntheticSamples({ perClass: 2, size: 10, classes: ['b'] }));
    const set = await readLabelledInput(one);
    expect(set.notes.join(' ')).toMatch(/mixed slice sizes \(8×8, 10×10\)/);
    const small = await readLabelledInput(one, { resizeTo: 6 });
    expect(small.samples.every((x) => x.rows === 6 && x.cols === 6 && x.pixels.length === 36)).toBe(true);
    expect(small.notes.join(' ')).toMatch(/mixed slice sizes 8×8, 10×10 resized to 6×6 as read/);
  });

  it('encoder folders: named errors for a missing or inconsistent ctsieve-encoder.json', async () => {
    const dir = join(tmp, 'run-a', 'encoder');
    const info = JSON.parse(readFileSync(join(dir, 'ctsieve-encoder.json'), 'utf8')) as Record<string, unknown>;
    const bad = join(tmp, 'bad-encoder');
    cpSync(dir, bad, { recursive: true });
    writeFileSync(join(bad, 'ctsieve-encoder.json'), JSON.stringify({ ...info, inputSize: 16 }));
    await expect(loadEncoderDir(bad)).rejects.toThrow(/takes input \[null,12,12,1\] but ctsieve-encoder.json says 16×16×1/);
    writeFileSync(join(bad, 'ctsieve-encoder.json'), JSON.stringify({ ...info, arch: 'vgg' }));
    await expect(loadEncoderDir(bad)).rejects.toThrow(/'arch' "vgg" is not one of tiny, resnet18, mobilenetv2/);
    rmSync(join(bad, 'ctsieve-encoder.json'));
    await expect(loadEncoderDir(bad)).rejects.toThrow(/ctsieve-encoder.json is missing/);
    const ok = await loadEncoderDir(dir);
    expect(ok).toMatchObject({ kind: 'model', name: 'run-a', info: { featureDim: 8 } });
    ok.model.dispose();
  });

  it('NIfTI files give every slice (grouped by file), DICOM files one slice each (grouped by series)', async () => {
    const root = join(tmp, 'volumes');
    mkdirSync(join(root, 'nifti'), { recursive: true });
    cpSync(join(FIXTURES, 'nifti', 'n1_int16.nii'), join(root, 'nifti', 'a.nii'));
    cpSync(join(FIXTURES, 'nifti', 'n1_float32.nii'), join(root, 'nifti', 'b.nii'));
    cpSync(join(FIXTURES, 'dicom', 'series_shuffled'), join(root, 'dicom'), { recursive: true });
    const set = await readLabelledInput(root);
    const nifti = set.samples.filter((x) => x.label === 'nifti');
    const dicom = set.samples.filter((x) => x.label === 'dicom');
    expect(nifti).toHaveLength(8);
    expect(new Set(nifti.map((x) => x.group))).toEqual(new Set(['nifti/a.nii', 'nifti/b.nii']));
    expect(nifti[0]).toMatchObject({ id: 'nifti/a.nii#0', rows: 5, cols: 7 });
    expect(dicom).toHaveLength(5);
    expect(new Set(dicom.map((x) => x.group)).size).toBe(1);
    expect(set.notes.join(' ')).toMatch(/grouped automatically/);
  });

  it('reads a label CSV with a header, groups and splits, relative paths', async () => {
    const root = join(tmp, 'csvset');
    writeImageFolder(root, syntheticSamples({ perClass: 2, size: 8 }));
    writeFileSync(join(root, 'labels.csv'), 'label,path,group,split\nx,a/0000.png,p1,train\ny,a/0001.png,p1,train\nx,b/0002.png,p2,test\n"y",b/0003.png,p2,test\n');
    const set = await readLabelledInput(join(root, 'labels.csv'));
    expect(set.classes).toEqual(['x', 'y']);
    expect(set.samples.map((s) => [s.label, s.group, s.split])).toEqual([['x', 'p1', 'train'], ['y', 'p1', 'train'], ['x', 'p2', 'test'], ['y', 'p2', 'test']]);
    writeFileSync(join(root, 'bad.csv'), 'path,label\nmissing.png,x\n');
    await expect(readLabelledInput(join(root, 'bad.csv'))).rejects.toThrow(/row 1: missing\.png does not exist/);
  });
});
