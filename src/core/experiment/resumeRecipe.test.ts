/** Resuming an experiment whose finished units were pre-trained with another recipe is refused, by field. */
import { describe, expect, it } from 'vitest';
import { emptyState, resumeProblem } from './run';
import { checkSpec } from './spec';
import type { ExperimentState, PretrainOutcome } from './types';

const spec = (preset: 'tiny' | 'short') => checkSpec({
  volumes: ['a.nii.gz'], arms: [{ name: 'ALL', method: 'all' }], preset, budget: 'epochs', epochs: 1, seeds: [0], task: 'proxy', protocol: 'linear', runs: 1,
}, 'spec.json');
const trained = (s: ExperimentState): ExperimentState => ({ ...s, pretrained: { 'ALL#0': { encoder: 'enc', slices: 1, steps: 1, seconds: 1 } as unknown as PretrainOutcome } });

describe('experiment resume and the pre-training recipe', () => {
  it('a state keeps the recipe it was made with and resumes with the same version', () => {
    const s = trained(emptyState(spec('short')));
    expect(s.recipe).toMatchObject({ epsilon: 0.03, jitterStrength: 0.4, blurProbability: 0 });
    expect(resumeProblem(s, spec('short'))).toBeUndefined();
  });
  it('finished units of another recipe are refused, naming each changed field', () => {
    const s = trained(emptyState(spec('short')));
    const old = { ...s, recipe: { ...s.recipe!, epsilon: 0.05, jitterStrength: 0.8, blurProbability: 0.5 } };
    expect(resumeProblem(old, spec('short'))).toMatch(/another recipe .*epsilon 0\.05 → 0\.03, jitterStrength 0\.8 → 0\.4, blurProbability 0\.5 → 0/);
    // nothing trained yet: nothing to mix, so it may go on
    expect(resumeProblem({ ...old, pretrained: {} }, spec('short'))).toBeUndefined();
  });
  it('a state from before recipes were kept: short (whose recipe changed) is refused, tiny (unchanged) resumes', () => {
    const noRecipe = (p: 'tiny' | 'short') => ({ ...trained(emptyState(spec(p))), recipe: undefined });
    expect(resumeProblem(noRecipe('short'), spec('short'))).toMatch(/earlier 'short' recipe/);
    expect(resumeProblem(noRecipe('tiny'), spec('tiny'))).toBeUndefined();
  });
});
