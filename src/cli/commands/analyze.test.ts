/**
 * `ctsieve analyze` end to end, in-process on the tfjs cpu backend: one encoder from a tiny `pretrain`
 * run on the bundled head CT, one freshly built, a small labelled PNG folder with a train/test split;
 * analysis.json per the contract, cka.svg, tsne.svg, gradcam/*.png; and the named argument errors.
 */
import * as tf from '@tensorflow/tfjs';
import { decode } from 'fast-png';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syntheticSamples } from '../../core/eval/testing/tinyEncoder';
import { buildEncoderLayersModel } from '../../core/ssl/encoders';
import { repoRoot } from '../../core/testing/referenceFixture';
import { writeEncoderDir, writeImageFolder } from '../testing/labelledFixtures';
import analyzeCommand, { parseAnalyzeArgs } from './analyze';
import pretrainCommand from './pretrain';

const HEAD_CT = join(repoRoot, 'public/samples/head-ct.nii.gz');
let tmp: string;
let stderr = '';

beforeAll(async () => {
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  tmp = mkdtempSync(join(tmpdir(), 'ctsieve-analyze-'));
  expect(await pretrainCommand([HEAD_CT, '--config', 'tiny', '--steps', '2', '--backend', 'cpu', '--out-dir', join(tmp, 'swav')])).toBe(0);
  await writeEncoderDir(join(tmp, 'scratch', 'encoder'), buildEncoderLayersModel({ arch: 'tiny', inputSize: 32 }, 3), { arch: 'tiny', inputSize: 32, channels: 1, mean: 0.5, std: 0.25, featureDim: 8 });
  const samples = syntheticSamples({ perClass: 14, size: 32, classes: ['normal', 'lesion'] }).map((s, i) => ({ ...s, split: i % 14 < 10 ? ('train' as const) : ('test' as const) }));
  writeImageFolder(join(tmp, 'set'), samples);
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(tmp, { recursive: true, force: true });
});

describe('ctsieve analyze', () => {
  it('two encoders: analysis.json per the contract, cka.svg, tsne.svg and the Grad-CAM PNGs', async () => {
    const out = join(tmp, 'out2');
    const code = await analyzeCommand([join(tmp, 'set'), '--encoder', join(tmp, 'swav', 'encoder'), '--encoder', join(tmp, 'scratch', 'encoder'), '--tsne', '--gradcam', '3', '--seed', '2', '--backend', 'cpu', '--out-dir', out]);
    expect(code).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(Object.keys(r).slice(0, 4)).toEqual(['encoders', 'cka', 'tsne', 'gradcam']);
    expect(r.encoders).toEqual(['swav', 'scratch']);
    expect(r.images).toEqual({ count: 8, part: 'test', sampled: false });
    expect(r.cka.layers).toEqual(['relu1', 'relu2']);
    expect(r.cka.matrix).toHaveLength(2);
    expect(r.cka.matrix.every((row: number[]) => row.length === 2 && row.every((v) => v >= 0 && v <= 1 + 1e-9))).toBe(true);
    expect(r.cka.diagonal).toEqual([r.cka.matrix[0][0], r.cka.matrix[1][1]]);
    expect(r.tsne).toHaveLength(2);
    for (const t of r.tsne) {
      expect(t.points).toHaveLength(8);
      expect(t.points.filter((p: { label: string }) => p.label === 'lesion')).toHaveLength(4);
      expect(t.pcc.every((v: number) => Math.abs(v) <= 1)).toBe(true);
    }
    expect(r.gradcam).toHaveLength(6);
    expect(new Set(r.gradcam.map((g: { label: string }) => g.label))).toEqual(new Set(['lesion', 'normal']));
    for (const g of r.gradcam) {
      expect(g.class).toBe(g.label);
      const png = decode(readFileSync(join(out, g.file)));
      expect([png.width, png.height]).toEqual([2 * 256 + 4, 256]);
    }
    expect(readFileSync(join(out, 'cka.svg'), 'utf8')).toMatch(/^<svg[^>]*>.*CKA swav \(rows\) vs scratch/s);
    expect(readFileSync(join(out, 'tsne.svg'), 'utf8')).toMatch(/PCC with the class/);
    expect(stderr).toMatch(/Grad-CAM explains a linear probe fitted on its features of 20 train images/);
  });

  it('one encoder compares it with itself (diagonal 1); --finetuned adds ckaFinetuned', async () => {
    const out = join(tmp, 'out1');
    const before = tf.memory().numTensors;
    expect(await analyzeCommand([join(tmp, 'set'), '--encoder', join(tmp, 'swav', 'encoder'), '--finetuned', join(tmp, 'scratch', 'encoder'), '--backend', 'cpu', '--out-dir', out])).toBe(0);
    const r = JSON.parse(readFileSync(join(out, 'analysis.json'), 'utf8'));
    expect(r.encoders).toEqual(['swav', 'scratch']);
    r.cka.diagonal.forEach((d: number) => expect(d).toBeCloseTo(1, 5));
    expect(r.ckaFinetuned).toMatchObject({ a: 'swav', b: 'scratch', layers: ['relu1', 'relu2'] });
    expect(r.tsne).toBeUndefined();
    expect(existsSync(join(out, 'tsne.svg'))).toBe(false);
    expect(existsSync(join(out, 'gradcam'))).toBe(false);
    expect(tf.memory().numTensors).toBe(before); // the encoders are disposed, nothing leaks
  });

  it('names the problem in bad arguments and inputs', async () => {
    const set = join(tmp, 'set');
    expect(() => parseAnalyzeArgs([set, '--out-dir', tmp])).toThrow(/--encoder DIR\/encoder is required/);
    expect(() => parseAnalyzeArgs([set, '--encoder', 'a', '--encoder', 'b', '--encoder', 'c', '--out-dir', tmp])).toThrow(/at most two encoders/);
    expect(() => parseAnalyzeArgs([set, '--encoder', 'a'])).toThrow(/--out-dir DIR is required/);
    expect(() => parseAnalyzeArgs([set, '--encoder', 'a', '--gradcam', 'x', '--out-dir', tmp])).toThrow(/--gradcam 'x' must be an integer/);
    expect(() => parseAnalyzeArgs([set, '--encoder'])).toThrow(/--encoder needs a value/);
    await expect(analyzeCommand([set, '--encoder', join(tmp, 'nope'), '--backend', 'cpu', '--out-dir', tmp])).rejects.toThrow(/nope: ctsieve-encoder.json is missing/);
    await expect(analyzeCommand([join(tmp, 'missing'), '--encoder', join(tmp, 'swav', 'encoder'), '--backend', 'cpu', '--out-dir', tmp])).rejects.toThrow(/missing: no such file or folder/);
  });
});
