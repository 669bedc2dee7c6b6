import { describe, expect, it } from 'vitest';
import { overridesAfterImport, planOverrideImport } from './importPlan';

describe('override import plan', () => {
  const mine = { 1: 'keep', 2: 'drop', 5: 'keep' } as const;
  const file = { 2: 'keep', 5: 'keep', 9: 'drop' } as const;
  it('counts what a replace would add, change and lose', () => {
    expect(planOverrideImport(mine, file)).toEqual({ added: 1, conflicting: 1, same: 1, onlyMine: 1, needsQuestion: true });
  });
  it('does not ask when nothing of the reviewer would be lost', () => {
    expect(planOverrideImport({}, file).needsQuestion).toBe(false);
    expect(planOverrideImport({ 9: 'drop' }, file).needsQuestion).toBe(false);
  });
  it('replaces, keeps, or merges with the reviewer winning conflicts', () => {
    expect(overridesAfterImport(mine, file, 'replace')).toEqual(file);
    expect(overridesAfterImport(mine, file, 'keep')).toEqual(mine);
    expect(overridesAfterImport(mine, file, 'merge')).toEqual({ 1: 'keep', 2: 'drop', 5: 'keep', 9: 'drop' });
  });
});
