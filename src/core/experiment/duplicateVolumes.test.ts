/**
 * A volume's name is its id in an experiment (its kept slices, its confusability views' seeds): a
 * SPEC that names one volume twice, or an arm measure given two volumes of one id, is refused with
 * the name in the message rather than one volume silently standing in for the other.
 */
import { describe, expect, it } from 'vitest';
import { measureArmConfusability } from './armConfusability';
import { checkSpec, parseSpec, SpecError } from './spec';

const BASE = { arms: [{ name: 'ALL', method: 'all' }], preset: 'tiny', budget: 'epochs', epochs: 1, seeds: [0], task: 'proxy' };
const stack = (n: number) => ({ rows: 4, cols: 4, n, pixels: new Uint8Array(16 * n) });

describe('duplicate volumes', () => {
  it('checkSpec refuses a volume listed twice, naming it and the file', () => {
    expect(() => checkSpec({ ...BASE, volumes: ['a/CT', 'b/CT', 'a/CT'] }, 'dup.json')).toThrow(SpecError);
    expect(() => checkSpec({ ...BASE, volumes: ['a/CT', 'b/CT', 'a/CT'] }, 'dup.json')).toThrow("dup.json: volumes: 'a/CT' is listed twice");
    expect(() => parseSpec(JSON.stringify({ ...BASE, volumes: ['image.nii.gz', 'image.nii.gz'] }), 'x.spec.json')).toThrow("x.spec.json: volumes: 'image.nii.gz' is listed twice");
  });

  it('checkSpec keeps distinct volumes as given', () => {
    expect(checkSpec({ ...BASE, volumes: ['CT', 'CT #2'] }, 's.json').volumes).toEqual(['CT', 'CT #2']);
  });

  it('measureArmConfusability refuses two volumes of one id (and an arm naming one twice), naming the id', async () => {
    const slices = { volumes: [{ id: 'CT', n: 3, kept: [0, 1] }, { id: 'CT #2', n: 3, kept: [2] }] };
    await expect(measureArmConfusability([{ id: 'CT', stack: stack(3) }, { id: 'CT', stack: stack(3) }], slices, 'tiny')).rejects.toThrow("two volumes have the id 'CT'");
    const twice = { volumes: [{ id: 'CT', n: 3, kept: [0, 1] }, { id: 'CT', n: 3, kept: [2] }] };
    await expect(measureArmConfusability([{ id: 'CT', stack: stack(3) }, { id: 'CT #2', stack: stack(3) }], twice, 'tiny')).rejects.toThrow("name volume 'CT' twice");
  });
});
