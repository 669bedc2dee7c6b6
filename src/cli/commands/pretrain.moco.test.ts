/**
 * `pretrain --method moco|mim` end to end on the bundled head CT (tiny preset, 2 steps, cpu):
 * history.json's method and per-method step fields, the encoder folder and safetensors, and
 * `evaluate --encoder` on the exported encoder.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EvaluationReport } from '../../core/eval';
import { syntheticSamples } from '../../core/eval/testing/tinyEncoder';
import { readSafetensors } from '../../core/ssl/export/safetensors';
import { repoRoot } from '../../core/testing/referenceFixture';
import { writeImageFolder } from '../testing/labelledFixtures';
import evaluateCommand from './evaluate';
import pretrainCommand, { parsePretrainArgs } from './pretrain';

const HEAD_CT = join(repoRoot, 'public/samples/head-ct.nii.gz');
let dir: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'ctsieve-pretrain-methods-'));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  writeImageFolder(join(dir, 'labelled'), syntheticSamples({ perClass: 12, size: 20, classes: ['0-normal', '1-lesion'], groupSize: 3 }));
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const STEP_KEYS = {
  moco: ['step', 'loss', 'lr', 'lnK', 'sampleEntropy', 'meanEntropy', 'prototypesUsed', 'positiveSimilarity', 'negativeSimilarity', 'top1', 'seconds'],
  mim: ['step', 'loss', 'lr', 'zeroPredictionLoss', 'seconds'],
};

describe('ctsieve pretrain --method', () => {
  for (const method of ['moco', 'mim'] as const) {
    it(`--method ${method} trains the tiny preset on the head CT; history.json says so; the encoder exports and evaluates`, async () => {
      const out = join(dir, method);
      expect(await pretrainCommand([HEAD_CT, '--method', method, '--config', 'tiny', '--steps', '2', '--backend', 'cpu', '--out-dir', out])).toBe(0);
      const h = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
      expect(h.method).toBe(method);
      expect(h.config.method).toBe(method);
      expect(h.slicesUsed).toBe(108);
      expect(h.steps.map((s: object) => Object.keys(s))).toEqual([STEP_KEYS[method], STEP_KEYS[method]]);
      for (const s of h.steps) for (const v of Object.values(s)) expect(Number.isFinite(v)).toBe(true);
      expect(existsSync(join(out, 'encoder', 'model.json'))).toBe(true);
      expect(existsSync(join(out, 'checkpoint', 'checkpoint.bin'))).toBe(true);
      const st = readSafetensors(new Uint8Array(readFileSync(join(out, 'encoder.safetensors'))));
      expect([...st.entries.keys()].sort()).toEqual(['bn1', 'bn2'].flatMap((b) => ['bias', 'num_batches_tracked', 'running_mean', 'running_var', 'weight'].map((k) => `${b}.${k}`)).concat(['conv1.weight', 'conv2.weight']).sort());

      const report = join(dir, `${method}.json`);
      expect(await evaluateCommand([join(dir, 'labelled'), '--encoder', join(out, 'encoder'), '--protocol', 'linear', '--folds', '3', '--epochs', '4', '--backend', 'cpu', '--out', report])).toBe(0);
      const rep = JSON.parse(readFileSync(report, 'utf8')) as EvaluationReport;
      expect(rep.encoder).toMatchObject({ arch: 'tiny', inputSize: 32, featureDim: 8 });
      expect((rep.encoder.provenance?.config as { method?: string }).method).toBe(method);
      expect(rep.runs).toHaveLength(3);
    });
  }

  it('--resume keeps the method; --method names its choices', async () => {
    const out = join(dir, 'moco');
    expect(await pretrainCommand([HEAD_CT, '--steps', '3', '--backend', 'cpu', '--out-dir', out, '--resume'])).toBe(0);
    const h = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(h.method).toBe('moco');
    expect(h.steps.map((s: { step: number }) => s.step)).toEqual([0, 1, 2]);
    await expect(pretrainCommand([HEAD_CT, '--method', 'mim', '--backend', 'cpu', '--out-dir', out, '--resume'])).rejects.toThrow(/method "moco" → "mim"/);
    // the same command again with --resume added is accepted (issue 24.2), --method moco included
    expect(await pretrainCommand([HEAD_CT, '--method', 'moco', '--steps', '4', '--backend', 'cpu', '--out-dir', out, '--resume'])).toBe(0);
    expect(() => parsePretrainArgs([HEAD_CT, '--out-dir', dir, '--method', 'byol'])).toThrow(/--method 'byol' is not one of swav, moco, mim/);
    expect(parsePretrainArgs([HEAD_CT, '--out-dir', dir, '--method', 'moco', '--config', 'short']).config).toMatchObject({ method: 'moco', preset: 'short', optimizer: { name: 'sgd' }, moco: { temperature: 0.2 } });
  });
});
