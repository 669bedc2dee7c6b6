/**
 * End to end: `ctsieve pretrain --config tiny` on the bundled head CT (CPU, seconds), its outputs,
 * --resume, --manifest, and the exported encoder as a DeepNet model.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readSafetensors } from '../../core/ssl/export/safetensors';
import { repoRoot } from '../../core/testing/referenceFixture';
import { stdoutOf } from '../testing/stdout';
import pretrainCommand, { parsePretrainArgs } from './pretrain';
import reduceCommand from './reduce';
import similarityCommand from './similarity';

const HEAD_CT = join(repoRoot, 'public/samples/head-ct.nii.gz');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctsieve-pretrain-'));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('ctsieve pretrain', () => {
  it('trains the tiny preset on the head CT and writes history.json, encoder/, encoder.safetensors, checkpoint/', async () => {
    const out = join(dir, 'run');
    expect(await pretrainCommand([HEAD_CT, '--config', 'tiny', '--steps', '3', '--backend', 'cpu', '--out-dir', out])).toBe(0);
    const h = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(Object.keys(h).slice(0, 6)).toEqual(['config', 'backend', 'slicesUsed', 'seconds', 'imagesPerSecond', 'steps']);
    expect(h.backend).toBe('cpu');
    expect(h.slicesUsed).toBe(108);
    expect(h.steps).toHaveLength(3);
    // kernels of one steady-state step (the second), counted by tf.profile: the GPU cost without a GPU
    expect(h.kernelsPerStep).toBeGreaterThan(100);
    // The contract's keys first, then codeEntropy (the Sinkhorn codes' entropy, read by the collapse diagnosis).
    expect(Object.keys(h.steps[0])).toEqual(['step', 'loss', 'lr', 'lnK', 'sampleEntropy', 'meanEntropy', 'prototypesUsed', 'seconds', 'codeEntropy']);
    const info = JSON.parse(readFileSync(join(out, 'encoder', 'ctsieve-encoder.json'), 'utf8'));
    expect(info).toMatchObject({ arch: 'tiny', inputSize: 32, channels: 1, mean: 0.5, std: 0.25, featureDim: 8, provenance: { slicesUsed: 108, steps: 3 } });
    expect(existsSync(join(out, 'encoder', 'model.json'))).toBe(true);
    const st = readSafetensors(new Uint8Array(readFileSync(join(out, 'encoder.safetensors'))));
    expect(st.metadata).toMatchObject({ arch: 'tiny', inputSize: '32', mean: '0.5', std: '0.25' });
    expect([...st.entries.keys()]).toContain('bn1.num_batches_tracked');
    expect(existsSync(join(out, 'checkpoint', 'checkpoint.bin'))).toBe(true);
  });

  it('--resume continues from the checkpoint to a longer --steps', async () => {
    const out = join(dir, 'run');
    expect(await pretrainCommand([HEAD_CT, '--steps', '5', '--backend', 'cpu', '--out-dir', out, '--resume'])).toBe(0);
    const h = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(h.steps.map((s: { step: number }) => s.step)).toEqual([0, 1, 2, 3, 4]);
    await expect(pretrainCommand([HEAD_CT, '--batch', '4', '--backend', 'cpu', '--out-dir', out, '--resume'])).rejects.toThrow(/--resume: the checkpoint was trained with another config \(batch 8 → 4\)/);
  });

  it('the exported encoder works as a DeepNet model (ctsieve-encoder.json gives its preprocessing)', async () => {
    const text = await stdoutOf(() => similarityCommand([HEAD_CT, '--method', 'deepnet', '--model', join(dir, 'run', 'encoder'), '--backend', 'cpu']));
    const r = JSON.parse(text);
    expect(r.n).toBe(108);
    expect(r.matrix).toHaveLength(108 * 108);
    expect(r.matrix[0]).toBeCloseTo(1, 5);
  });

  it('--manifest trains on the kept slices only', async () => {
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, await stdoutOf(() => reduceCommand([HEAD_CT, '--method', 'hash', '--algorithm', 'leader', '--threshold', '6'])));
    const kept = JSON.parse(readFileSync(manifest, 'utf8')).volumes[0].kept.length;
    const out = join(dir, 'kept');
    expect(await pretrainCommand([HEAD_CT, '--manifest', manifest, '--config', 'tiny', '--steps', '1', '--backend', 'cpu', '--out-dir', out])).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')).slicesUsed).toBe(kept);
    expect(kept).toBeLessThan(108);
  });

  it('names the problem in bad arguments', () => {
    expect(() => parsePretrainArgs([HEAD_CT])).toThrow(/--out-dir DIR is required/);
    expect(() => parsePretrainArgs(['--out-dir', dir])).toThrow(/missing <input>/);
    expect(() => parsePretrainArgs([HEAD_CT, '--out-dir', dir, '--config', 'huge'])).toThrow(/--config 'huge' is not one of tiny, short, paper/);
    expect(() => parsePretrainArgs([HEAD_CT, '--out-dir', dir, '--steps', '0'])).toThrow(/--steps '0' must be a positive integer/);
    expect(() => parsePretrainArgs([HEAD_CT, '--out-dir', '--steps', '5'])).toThrow(/^pretrain: --out-dir needs a value$/);
    expect(() => parsePretrainArgs([HEAD_CT, '--out-dir', dir, '--resume=yes'])).toThrow(/pretrain: --resume takes no value/);
    const resumed = parsePretrainArgs([HEAD_CT, '--out-dir', dir, '--resume', '--steps', '5']);
    expect(resumed.resume).toBe(true);
    expect([...resumed.given].sort()).toEqual(['--out-dir', '--steps']); // the switch is not an option given
    const a = parsePretrainArgs([HEAD_CT, HEAD_CT, '--out-dir', dir, '--config', 'short', '--arch', 'resnet18', '--input-size', '96']);
    expect(a.inputs).toHaveLength(2);
    expect(a.config).toMatchObject({ arch: 'resnet18', inputSize: 96, cropSizes: [96, 48], preset: 'custom' });
  });
});
