/**
 * The app's pick of a public task (as the browser hands it over: paths under the picked folder's
 * name, bytes): a COVID-CT repository clone and a MedMNIST-style .npz, read and checked in full;
 * a broken file named; colour said once; the split the data give used with no leakage note.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateEncoder } from '../../core/eval';
import { covidCtTree, medmnistNpz, separableImages } from '../../core/eval/testing/labelledLayouts';
import { loadPillowGreyGolden } from '../../core/testing/referenceFixture';
import { labelledLayout, readLabelledPick, relevantPickedPaths } from './labelledLayout';

const picked = (root: string) => covidCtTree({ jpegs: loadPillowGreyGolden().cases.filter((c) => c.name.endsWith('.jpg')).map((c) => c.file) }).map((f) => ({ path: `${root}/${f.path}`, bytes: f.bytes }));
const code = (path: string) => ({ path, bytes: new TextEncoder().encode('print(1)\n') });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('picking a public task in the app', () => {
  it('a COVID-CT clone: only the lists and images are read; classes, splits, one colour note', async () => {
    // A clone may hold the class .zip files beside the unzipped folders: the folders are read, the zips not.
    const files = [...picked('COVID-CT'), code('COVID-CT/baseline methods/DenseNet169/DenseNet_predict.py'), code('COVID-CT/Images-processed/CT_COVID.zip')];
    expect(relevantPickedPaths(files).map((f) => f.path).filter((p) => !p.includes('Images-processed'))).toEqual([
      'COVID-CT/Data-split/COVID/trainCT_COVID.txt', 'COVID-CT/Data-split/COVID/valCT_COVID.txt', 'COVID-CT/Data-split/COVID/testCT_COVID.txt',
      'COVID-CT/Data-split/NonCOVID/trainCT_NonCOVID.txt', 'COVID-CT/Data-split/NonCOVID/valCT_NonCOVID.txt', 'COVID-CT/Data-split/NonCOVID/testCT_NonCOVID.txt',
    ]);
    expect(relevantPickedPaths(files).some((f) => f.path.endsWith('.zip'))).toBe(false);
    const layout = await labelledLayout(relevantPickedPaths(files));
    expect(layout).toMatchObject({ kind: 'covid-ct', origin: 'COVID-CT', classes: ['CT_COVID', 'CT_NonCOVID'] });
    const set = await readLabelledPick(relevantPickedPaths(files), { resizeTo: 8 });
    const jpegs = set.samples.filter((s) => s.id.endsWith('.jpg'));
    expect(jpegs.length).toBeGreaterThan(0);
    expect(jpegs.every((s) => s.label === 'CT_COVID' && s.split === 'train')).toBe(true);
    expect(set.notes.filter((n) => /colour/.test(n))).toHaveLength(1);
  });

  it('a broken image in the pick is named with its path and problem', async () => {
    const files = picked('COVID-CT').map((f) => (f.path.endsWith('CT_NonCOVID/noncovid_2.png') ? { ...f, bytes: f.bytes.subarray(0, 50) } : f));
    await expect(readLabelledPick(files, { resizeTo: 8 })).rejects.toThrow(/COVID-CT: 1 unreadable file\(s\): Images-processed\/CT_NonCOVID\/noncovid_2\.png: corrupt PNG/);
  });

  it('a MedMNIST .npz: classes at once, then every image; the report has the file\'s split and no leakage note', async () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => i % 2);
    const part = (n: number, seed: number) => ({ images: separableImages(labels(n), 8, 8, seed), labels: labels(n) });
    const npz = { path: 'pneumoniamnist.npz', bytes: medmnistNpz({ train: part(20, 1), val: part(6, 2), test: part(8, 3) }, 8, 8) };
    const layout = await labelledLayout([npz]);
    expect(layout).toMatchObject({ kind: 'npz', classes: ['0', '1'] });
    const set = await readLabelledPick([npz]);
    expect(set.samples).toHaveLength(34);
    const report = await evaluateEncoder(set, { kind: 'pixels', size: 8 }, { protocol: 'linear', runs: 2, epochs: 3, seed: 1 });
    expect(report.splitMode).toBe('given-split');
    expect(report.notes.join(' ')).not.toMatch(/no groups/);
  });
});
