/**
 * `ctsieve confusability` end to end on the bundled head CT (wasm, tiny views, few anchors): the JSON
 * contract of DESIGN.md, --manifest (kept slices only), --out, the three embeddings, and errors that
 * name the file or option at fault.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../../core/testing/referenceFixture';
import { stdoutOf } from '../testing/stdout';
import confusabilityCommand, { parseConfusabilityArgs } from './confusability';
import pretrainCommand from './pretrain';
import reduceCommand from './reduce';

const HEAD_CT = join(repoRoot, 'public/samples/head-ct.nii.gz');
let dir: string;
let manifest: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ctsieve-confusability-'));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  manifest = join(dir, 'hash12.json');
  writeFileSync(manifest, await stdoutOf(() => reduceCommand([HEAD_CT, '--method', 'hash', '--threshold', '12'])));
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (args: string[]) => JSON.parse(await stdoutOf(() => confusabilityCommand([HEAD_CT, '--preset', 'tiny', '--backend', 'wasm', ...args])));

describe('ctsieve confusability', () => {
  it('writes the JSON of DESIGN.md for all slices, anchors sampled', async () => {
    const r = await run(['--anchors', '6', '--seed', '2']);
    expect(Object.keys(r)).toEqual(['embedding', 'preset', 'seed', 'volumes', 'dataset']);
    expect(r).toMatchObject({ embedding: 'pixels', preset: 'tiny', seed: 2 });
    expect(Object.keys(r.volumes[0])).toEqual(['id', 'slices', 'anchors', 'confusableRate', 'positiveMean', 'negativeMean', 'adjacentNegativeMean']);
    expect(r.volumes[0]).toMatchObject({ id: HEAD_CT, slices: 108, anchors: 6 });
    expect(r.volumes[0].confusableRate).toBeGreaterThanOrEqual(0);
    expect(r.volumes[0].confusableRate).toBeLessThanOrEqual(1);
    expect(r.dataset).toEqual({ slices: 108, anchors: 6, confusableRate: r.volumes[0].confusableRate });
    expect(await run(['--anchors', '6', '--seed', '2'])).toEqual(r); // seeded
  });

  it('--manifest measures the kept slices only; --out writes the file', async () => {
    const kept = JSON.parse(readFileSync(manifest, 'utf8')).volumes[0].kept.length;
    const out = join(dir, 'c.json');
    expect(await confusabilityCommand([HEAD_CT, '--manifest', manifest, '--preset', 'tiny', '--backend', 'wasm', '--out', out])).toBe(0);
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.volumes[0]).toMatchObject({ slices: kept, anchors: kept });
  });

  it('measures in the deepnet embedding and in a pretrain encoder', async () => {
    const deep = await run(['--manifest', manifest, '--embedding', 'deepnet', '--anchors', '2']);
    expect(deep.embedding).toBe('deepnet');
    expect(deep.volumes[0].anchors).toBe(2);
    expect(deep.volumes[0].positiveMean).toBeGreaterThan(deep.volumes[0].negativeMean - 1); // finite cosines
    const runDir = join(dir, 'run');
    expect(await pretrainCommand([HEAD_CT, '--manifest', manifest, '--config', 'tiny', '--steps', '1', '--backend', 'wasm', '--out-dir', runDir])).toBe(0);
    const enc = await run(['--manifest', manifest, '--embedding', `encoder:${join(runDir, 'encoder')}`, '--anchors', '3']);
    expect(enc.embedding).toBe(`encoder:${join(runDir, 'encoder')}`);
    expect(enc.volumes[0].anchors).toBe(3);
    expect(Math.abs(enc.volumes[0].positiveMean)).toBeLessThanOrEqual(1 + 1e-6);
  });

  it('errors name the option or the file', async () => {
    expect(() => parseConfusabilityArgs([])).toThrow(/missing <input>/);
    expect(() => parseConfusabilityArgs(['a.nii', '--embedding', 'resnet'])).toThrow(/--embedding 'resnet' must be pixels, deepnet or encoder:DIR/);
    expect(() => parseConfusabilityArgs(['a.nii', '--anchors', '0'])).toThrow(/--anchors '0' must be a whole number ≥ 1/);
    expect(() => parseConfusabilityArgs(['a.nii', '--preset', 'huge'])).toThrow(/--preset/);
    expect(() => parseConfusabilityArgs(['a.nii', '--steps', '3'])).toThrow(/unknown option '--steps'/);
    expect(() => parseConfusabilityArgs(['a.nii', '--out', '--seed', '1'])).toThrow(/^confusability: --out needs a value$/);
    expect(parseConfusabilityArgs(['a.nii', 'b.nii', '--seed', '2'])).toMatchObject({ inputs: ['a.nii', 'b.nii'], seed: 2 });
    await expect(confusabilityCommand([join(dir, 'nope.nii.gz'), '--backend', 'wasm'])).rejects.toThrow(/nope\.nii\.gz/);
    await expect(confusabilityCommand([HEAD_CT, '--manifest', join(dir, 'missing.json'), '--backend', 'wasm'])).rejects.toThrow(/confusability: --manifest .*missing\.json: no such file/);
    await expect(confusabilityCommand([HEAD_CT, '--embedding', `encoder:${dir}`, '--backend', 'wasm'])).rejects.toThrow(new RegExp(`--encoder ${dir}: ctsieve-encoder.json is missing`));
  });
});
