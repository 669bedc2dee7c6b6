/**
 * A MedMNIST-style .npz written by numpy itself (np.savez_compressed, zip64, RGB images; made with
 * the grey Pillow gives by scripts/eval/golden_medmnist_npz.py, read through the fixture helper):
 * every label and every grey pixel equal, the file's split kept, one colour note.
 */
import { describe, expect, it } from 'vitest';
import { loadMedmnistNpzGolden } from '../testing/referenceFixture';
import { readMedmnistNpz } from './medmnist';

const golden = loadMedmnistNpzGolden();
const PARTS = ['train', 'val', 'test'] as const;

function readParts(labels: (p: (typeof PARTS)[number]) => number[], grey: (p: (typeof PARTS)[number]) => Uint8Array) {
  const set = readMedmnistNpz(golden.npz, 'organsmnist_rgb.npz');
  const len = golden.rows * golden.cols;
  return PARTS.map((p) => {
    const got = set.samples.filter((s) => s.split === p);
    const pixelsEqual = got.every((s, i) => s.pixels.every((v, k) => v === grey(p)[i * len + k]));
    const labelsEqual = got.map((s) => Number(s.label)).join() === labels(p).join();
    return { count: got.length, pixelsEqual, labelsEqual };
  });
}

describe('readMedmnistNpz on a numpy-written file', () => {
  it('every part, label and grey pixel equals numpy + Pillow', () => {
    const set = readMedmnistNpz(golden.npz, 'organsmnist_rgb.npz');
    expect(set.task).toBe('organsmnist_rgb');
    // Class names (label indices, zero-padded) sort in numeric order.
    expect([...set.classes].sort((a, b) => Number(a) - Number(b))).toEqual(set.classes);
    for (const r of readParts((p) => golden.parts[p].labels, (p) => golden.parts[p].grey)) expect(r).toMatchObject({ pixelsEqual: true, labelsEqual: true });
    expect(readParts((p) => golden.parts[p].labels, (p) => golden.parts[p].grey).map((r) => r.count)).toEqual(PARTS.map((p) => golden.parts[p].labels.length));
    expect(set.notes.filter((n) => /colour/.test(n))).toHaveLength(1);
  });

  it('a wrong golden pixel or label fails the comparison', () => {
    const wrongGrey = (p: (typeof PARTS)[number]) => {
      const g = golden.parts[p].grey.slice();
      if (p === 'val') g[5] ^= 1;
      return g;
    };
    expect(readParts((p) => golden.parts[p].labels, wrongGrey).map((r) => r.pixelsEqual)).toEqual([true, false, true]);
    const wrongLabels = (p: (typeof PARTS)[number]) => (p === 'test' ? golden.parts[p].labels.map((y, i) => (i === 0 ? y + 1 : y)) : golden.parts[p].labels);
    expect(readParts(wrongLabels, (p) => golden.parts[p].grey).map((r) => r.labelsEqual)).toEqual([true, true, false]);
  });
});
