/**
 * `ctsieve evaluate` on the paper's public tasks in their own layouts, built here (nothing bundled):
 * a MedMNIST-style .npz and a COVID-CT repository tree with PNG (grey and RGB) and JPEG images.
 * End to end through the CLI (tiny scratch encoder, linear probe, few epochs), and every broken
 * file named before any training.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../core/eval';
import { covidCtTree, medmnistNpz, npyBytes, separableImages, type TreeFile } from '../../core/eval/testing/labelledLayouts';
import { loadPillowGreyGolden, repoRoot } from '../../core/testing/referenceFixture';
import { zipSync } from 'fflate';
import { readLabelledInput } from '../labelledInput';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeTree(root: string, files: TreeFile[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(root, f.path)), { recursive: true });
    writeFileSync(join(root, f.path), f.bytes);
  }
}

const labels = (n: number) => Array.from({ length: n }, (_, i) => i % 2);
const part = (n: number, seed: number, rgb = false) => ({ images: separableImages(labels(n), 10, 10, seed, rgb ? 3 : 1), labels: labels(n) });
const EVAL = ['--scratch', '--arch', 'tiny', '--input-size', '12', '--width', '4', '--protocol', 'linear', '--runs', '2', '--epochs', '3', '--backend', 'cpu'];
const jpegs = () => loadPillowGreyGolden().cases.filter((c) => c.name.endsWith('.jpg')).map((c) => c.file);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ctsieve-public-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('evaluate reads the public tasks in their own layouts', () => {
  it('a MedMNIST-style .npz (RGB made grey): the file\'s split, its classes, one colour note, no leakage note', () => {
    const npz = join(tmp, 'organsmnist.npz');
    writeFileSync(npz, medmnistNpz({ train: part(24, 1, true), val: part(8, 2, true), test: part(10, 3, true) }, 10, 10, true));
    const out = join(tmp, 'npz.json');
    const r = cli('evaluate', npz, ...EVAL, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as EvaluationReport;
    expect(rep.task).toBe('organsmnist');
    expect(rep.splitMode).toBe('given-split');
    expect(rep.classes).toEqual([{ name: '0', count: 21 }, { name: '1', count: 21 }]);
    expect(rep.runs.map((x) => [x.trainCount, x.valCount, x.testCount])).toEqual([[24, 8, 10], [24, 8, 10]]);
    expect(rep.notes.filter((n) => /colour/.test(n))).toEqual(['42 colour image(s) converted to grey (ITU-R 601-2 luma, as Pillow\'s convert(\'L\'))']);
    expect(rep.notes.join(' ')).not.toMatch(/no groups/);
  });

  it('a COVID-CT repository folder with PNG and JPEG images: the repository\'s lists are the split', () => {
    const root = join(tmp, 'COVID-CT');
    writeTree(root, covidCtTree({ jpegs: jpegs() }));
    const out = join(tmp, 'covid.json');
    const r = cli('evaluate', root, ...EVAL, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as EvaluationReport;
    const jpegCount = jpegs().length;
    expect(rep.classes).toEqual([{ name: 'CT_COVID', count: 15 + jpegCount }, { name: 'CT_NonCOVID', count: 15 }]);
    expect(rep.splitMode).toBe('given-split');
    expect(rep.runs[0]).toMatchObject({ trainCount: 16 + jpegCount, valCount: 6, testCount: 8 });
    expect(rep.notes.filter((n) => /colour/.test(n))).toHaveLength(1);
    expect(rep.notes.join(' ')).not.toMatch(/no groups/);
    expect(r.stderr.match(/no groups/g)).toBeNull();
  });

  it('a broken image is named (path and problem) before any training', () => {
    const root = join(tmp, 'COVID-CT-broken');
    const files = covidCtTree({ jpegs: jpegs() });
    const png = files.find((f) => f.path === 'Images-processed/CT_NonCOVID/noncovid_4.png')!;
    png.bytes = png.bytes.subarray(0, 40);
    const jpg = files.find((f) => f.path.endsWith('photo_0.jpg'))!;
    jpg.bytes = jpg.bytes.subarray(0, 300);
    writeTree(root, files);
    const r = cli('evaluate', root, ...EVAL);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/2 unreadable file\(s\): .*Images-processed\/CT_COVID\/photo_0\.jpg: corrupt JPEG/);
    expect(r.stderr).toMatch(/Images-processed\/CT_NonCOVID\/noncovid_4\.png: corrupt PNG/);
    // The summary line and the progress lines come only once every file has been read.
    expect(r.stderr).not.toMatch(/slices \(|evaluate run/);
  });
});

describe('layout problems are named', () => {
  it('COVID-CT: a missing list file, a listed image that is not there, an image in two lists', async () => {
    const base = covidCtTree();
    const at = (name: string, files: TreeFile[]) => {
      const root = join(tmp, name);
      writeTree(root, files);
      return root;
    };
    await expect(readLabelledInput(at('no-list', base.filter((f) => f.path !== 'Data-split/NonCOVID/valCT_NonCOVID.txt')))).rejects.toThrow(/no-list: Data-split\/NonCOVID\/valCT_NonCOVID\.txt not found/);
    const extra = base.map((f) => (f.path === 'Data-split/COVID/testCT_COVID.txt' ? { ...f, bytes: new TextEncoder().encode('covid_11.png\nghost.png\ncovid_0.png\n') } : f));
    const err = readLabelledInput(at('bad-list', extra));
    await expect(err).rejects.toThrow(/Data-split\/COVID\/testCT_COVID\.txt line 2: ghost\.png is not in Images-processed\/CT_COVID/);
    await expect(readLabelledInput(at('bad-list-2', extra))).rejects.toThrow(/line 3: covid_0\.png is also listed in Data-split\/COVID\/trainCT_COVID\.txt/);
  });

  it('COVID-CT as cloned: the images in Images-processed/CT_COVID.zip and CT_NonCOVID.zip', async () => {
    const files = covidCtTree();
    const zipped: TreeFile[] = files.filter((f) => !f.path.startsWith('Images-processed/'));
    for (const cls of ['CT_COVID', 'CT_NonCOVID']) {
      const inside = Object.fromEntries(files.filter((f) => f.path.startsWith(`Images-processed/${cls}/`)).map((f) => [`${cls}/${f.path.split('/').pop()}`, f.bytes]));
      zipped.push({ path: `Images-processed/${cls}.zip`, bytes: zipSync(inside) });
    }
    const root = join(tmp, 'zipped');
    writeTree(root, zipped);
    const set = await readLabelledInput(root, { resizeTo: 8 });
    expect(set.classes).toEqual(['CT_COVID', 'CT_NonCOVID']);
    expect(set.samples).toHaveLength(30);
    expect(set.samples.filter((s) => s.split === 'test').map((s) => s.id).slice(0, 2)).toEqual(['Images-processed/CT_COVID/covid_11.png', 'Images-processed/CT_COVID/covid_12.png']);
  });

  it('MedMNIST: not a zip, missing arrays, multi-label, 3-D, counts that disagree', async () => {
    const write = (name: string, bytes: Uint8Array) => {
      writeFileSync(join(tmp, name), bytes);
      return join(tmp, name);
    };
    await expect(readLabelledInput(write('junk.npz', new TextEncoder().encode('not a zip')))).rejects.toThrow(/junk\.npz: not a readable \.npz \(zip\) file/);
    await expect(readLabelledInput(write('notest.npz', medmnistNpz({ train: part(4, 1) }, 10, 10)))).rejects.toThrow(/notest\.npz: missing array\(s\) test_images, test_labels/);
    const z = (arrays: Record<string, Uint8Array>) => zipSync(arrays);
    const img = npyBytes('|u1', [4, 10, 10], separableImages(labels(4), 10, 10));
    await expect(readLabelledInput(write('chest.npz', z({ 'train_images.npy': img, 'train_labels.npy': npyBytes('|u1', [4, 14], new Uint8Array(56)), 'test_images.npy': img, 'test_labels.npy': npyBytes('|u1', [4, 1], new Uint8Array(4)) })))).rejects.toThrow(/chest\.npz: 'train_labels' is 4×14: one label per image .*multi-label/);
    const vol = npyBytes('|u1', [4, 5, 10, 10], new Uint8Array(2000));
    await expect(readLabelledInput(write('organ3d.npz', z({ 'train_images.npy': vol, 'train_labels.npy': npyBytes('|u1', [4, 1], new Uint8Array(4)), 'test_images.npy': vol, 'test_labels.npy': npyBytes('|u1', [4, 1], new Uint8Array(4)) })))).rejects.toThrow(/organ3d\.npz: 'train_images' is 4×5×10×10; .*3-D MedMNIST/);
    await expect(readLabelledInput(write('count.npz', z({ 'train_images.npy': img, 'train_labels.npy': npyBytes('<i8', [3, 1], new BigInt64Array([0n, 1n, 0n])), 'test_images.npy': img, 'test_labels.npy': npyBytes('|u1', [4, 1], Uint8Array.of(0, 1, 0, 1)) })))).rejects.toThrow(/count\.npz: 4 train images but 3 train labels/);
    // int64 labels (as some exports write them) read the same as uint8.
    const ok = await readLabelledInput(write('i8.npz', z({ 'train_images.npy': img, 'train_labels.npy': npyBytes('<i8', [4, 1], new BigInt64Array([0n, 1n, 0n, 1n])), 'test_images.npy': img, 'test_labels.npy': npyBytes('|u1', [4, 1], Uint8Array.of(0, 1, 0, 1)) })));
    expect(ok.samples.map((s) => s.label)).toEqual(['0', '1', '0', '1', '0', '1', '0', '1']);
  });
});
