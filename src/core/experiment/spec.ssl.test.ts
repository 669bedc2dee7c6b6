/**
 * SPEC `ssl: "swav"|"moco"|"mim"` (DESIGN.md): every arm pre-trains with that method, its config
 * built by ssl/methods.ts (specPretrainConfig → methodPreset) with the spec's arch, budget and seed,
 * so the CLI and the app (which builds its config with methodPreset too) train the same thing.
 */
import { describe, expect, it } from 'vitest';
import { methodPreset, pretrainPreset } from '../ssl';
import { checkSpec, parseSpec, pretrainConfigFor } from './spec';

const BASE = { volumes: ['v.nii.gz'], arms: [{ name: 'ALL', method: 'all' }], preset: 'tiny', budget: 'epochs', epochs: 2, seeds: [0, 1], task: 'proxy' };

describe('experiment SPEC ssl', () => {
  it('accepts moco and mim and builds each seed’s config through the method preset', () => {
    for (const ssl of ['moco', 'mim'] as const) {
      const spec = checkSpec({ ...BASE, ssl }, 's.json');
      expect(spec.ssl).toBe(ssl);
      const c = pretrainConfigFor(spec, 1);
      expect(c).toEqual(methodPreset(ssl, 'tiny', { seed: 1, epochs: 2 }));
      expect(c.method).toBe(ssl);
      expect(c.seed).toBe(1);
      expect(c.epochs).toBe(2);
    }
    expect(pretrainConfigFor(checkSpec({ ...BASE, ssl: 'moco' }, 's.json'), 0).moco?.queueLength).toBe(methodPreset('moco', 'tiny').moco?.queueLength);
    expect(pretrainConfigFor(checkSpec({ ...BASE, ssl: 'mim' }, 's.json'), 0).mim).toEqual(methodPreset('mim', 'tiny').mim);
  });

  it('without ssl (or ssl swav) the config is the SwAV preset as before; the spec keeps what was written', () => {
    const plain = checkSpec(BASE, 's.json');
    expect('ssl' in plain).toBe(false);
    const swav = checkSpec({ ...BASE, ssl: 'swav' }, 's.json');
    expect(swav.ssl).toBe('swav');
    for (const spec of [plain, swav]) {
      const c = pretrainConfigFor(spec, 0);
      expect(c.method ?? 'swav').toBe('swav');
      expect(c.prototypes).toBe(pretrainPreset('tiny').prototypes);
      expect(c.moco).toBeUndefined();
    }
  });

  it('arch and the steps budget reach the method’s config', () => {
    const c = pretrainConfigFor(checkSpec({ ...BASE, ssl: 'moco', preset: 'short', arch: 'tiny', budget: 'steps', steps: 7, epochs: undefined }, 's.json'), 2);
    expect(c).toMatchObject({ method: 'moco', arch: 'tiny', steps: 7, seed: 2 });
    expect(c.width).toBeUndefined();
    expect(c.epochs).toBeUndefined();
  });

  it('an unknown method names the file and the field', () => {
    expect(() => parseSpec(JSON.stringify({ ...BASE, ssl: 'byol' }), 'exp.json')).toThrow(/exp\.json: ssl: 'byol' is not one of swav, moco, mim/);
  });
});
