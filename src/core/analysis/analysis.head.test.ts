/**
 * The Grad-CAM head from a linear probe: folding the probe's standardisation into one linear layer
 * keeps its predictions; Grad-CAM picks spread over the classes.
 */
import { describe, expect, it } from 'vitest';
import { probeProbabilities, trainLinearProbe } from '../eval/linearProbe';
import { Rng } from '../ssl/rng';
import type { LabelledSet } from '../eval/types';
import { gradCamPicks } from './analyze';
import { headLogits, probeAsHead } from './head';

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

describe('probeAsHead', () => {
  const rng = new Rng(3);
  const x = Array.from({ length: 40 }, (_, i) => Array.from({ length: 5 }, (_, j) => 10 * j + rng.normal() + (i % 3 === 0 ? 2 : 0)));

  it.each([
    ['three classes (multinomial)', 3, (i: number) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 2 : 0)],
    ['two classes (one logistic row)', 2, (i: number) => (i % 3 === 0 ? 1 : 0)],
  ] as const)('gives the probe’s probabilities from raw features: %s', (_name, classes, label) => {
    const y = x.map((_, i) => label(i));
    const probe = trainLinearProbe(x, y, x, y, { classes });
    const head = probeAsHead(probe);
    const want = probeProbabilities(probe, x);
    expect(head.classes).toBe(classes);
    headLogits(head, x).forEach((l, i) => softmax(l).forEach((p, c) => expect(p).toBeCloseTo(want[i][c], 5)));
  });
});

describe('gradCamPicks', () => {
  it('takes the classes in turn, seeded', () => {
    const samples = ['a', 'a', 'a', 'a', 'b', 'c', 'c'].map((label, i) => ({ id: `${i}`, label, pixels: new Uint8Array(1), rows: 1, cols: 1, source: `${i}` }));
    const set: LabelledSet = { task: 't', classes: ['a', 'b', 'c'], samples, notes: [] };
    const pool = samples.map((_, i) => i);
    const picks = gradCamPicks(set, pool, 5, 0);
    expect(picks.slice(0, 3).map((i) => samples[i].label)).toEqual(['a', 'b', 'c']);
    expect(picks.map((i) => samples[i].label).sort()).toEqual(['a', 'a', 'b', 'c', 'c']);
    expect(gradCamPicks(set, pool, 5, 0)).toEqual(picks);
    expect(gradCamPicks(set, pool, 20, 0)).toHaveLength(7);
  });
});
