/**
 * End to end across commands (tfjs cpu backend, seconds): `pretrain --config tiny` on a small PNG
 * volume written here → `evaluate <labelled folder> --encoder DIR/encoder` (linear and finetune) →
 * `similarity --method deepnet --model DIR/encoder`; and fine-tuning on wasm. The report's encoder provenance must be the
 * pre-training's (history.json's config and slicesUsed), and its mean/std what its runs say.
 */
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mean, std, type EvaluationReport } from '../../core/eval';
import { createRng, gaussian } from '../../core/eval/random';
import { syntheticSamples } from '../../core/eval/testing/tinyEncoder';
import { writeImageFolder } from '../testing/labelledFixtures';
import { stdoutOf } from '../testing/stdout';
import evaluateCommand from './evaluate';
import pretrainCommand from './pretrain';
import similarityCommand from './similarity';

const SLICES = 12;
const SIZE = 24;
let dir: string;

/** A PNG-folder volume: SLICES noisy 8-bit slices with a disc whose radius grows along z. */
function writePngVolume(root: string): void {
  mkdirSync(root, { recursive: true });
  const rng = createRng(3);
  for (let z = 0; z < SLICES; z++) {
    const px = new Uint8Array(SIZE * SIZE);
    const r2 = (3 + z / 2) ** 2;
    for (let p = 0; p < px.length; p++) {
      const y = Math.floor(p / SIZE) - SIZE / 2;
      const x = (p % SIZE) - SIZE / 2;
      px[p] = Math.max(0, Math.min(255, Math.round((x * x + y * y < r2 ? 170 : 50) + 20 * gaussian(rng))));
    }
    writeFileSync(join(root, `slice${String(z).padStart(2, '0')}.png`), encode({ width: SIZE, height: SIZE, data: px, channels: 1, depth: 8 }));
  }
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'ctsieve-pretrain-eval-'));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  writePngVolume(join(dir, 'volume'));
  writeImageFolder(join(dir, 'labelled'), syntheticSamples({ perClass: 12, size: 20, classes: ['0-normal', '1-lesion'], groupSize: 3 }));
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('pretrain → evaluate → similarity', () => {
  it('pretrain --config tiny writes an encoder whose provenance is the run', async () => {
    const out = join(dir, 'run');
    expect(await pretrainCommand([join(dir, 'volume'), '--config', 'tiny', '--input-size', '16', '--steps', '2', '--backend', 'cpu', '--out-dir', out])).toBe(0);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(history.slicesUsed).toBe(SLICES);
    expect(history.steps).toHaveLength(2);
  });

  for (const protocol of ['linear', 'finetune'] as const) {
    it(`evaluate --encoder DIR/encoder --protocol ${protocol}: provenance from pretrain, mean/std of the runs`, async () => {
      const run = join(dir, 'run');
      const history = JSON.parse(readFileSync(join(run, 'history.json'), 'utf8'));
      const out = join(dir, `${protocol}.json`);
      const epochs = protocol === 'finetune' ? '12' : '8';
      expect(await evaluateCommand([join(dir, 'labelled'), '--encoder', join(run, 'encoder'), '--protocol', protocol, '--folds', '3', '--epochs', epochs, '--backend', 'cpu', '--out', out])).toBe(0);
      const rep = JSON.parse(readFileSync(out, 'utf8')) as EvaluationReport;
      expect(rep.protocol).toBe(protocol);
      expect(rep.classes).toEqual([{ name: '0-normal', count: 12 }, { name: '1-lesion', count: 12 }]);
      expect(rep.encoder).toMatchObject({ name: 'run', kind: 'model', arch: 'tiny', inputSize: 16, featureDim: 8 });
      expect(rep.encoder.provenance?.config).toEqual(history.config);
      expect(rep.encoder.provenance?.slicesUsed).toBe(history.slicesUsed);
      expect(rep.encoder.provenance?.steps).toBe(history.steps.length);
      expect(rep.splitMode).toBe('grouped-k-fold');
      expect(rep.runs).toHaveLength(3);
      for (const k of ['auc', 'f1', 'accuracy'] as const) {
        const values = rep.runs.map((x) => x[k]);
        expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
        expect(rep.mean[k]).toBe(mean(values));
        expect(rep.std[k]).toBe(std(values));
      }
      const csv = readFileSync(join(dir, `${protocol}.csv`), 'utf8').trim().split('\n');
      expect(csv).toHaveLength(1 + 3 + 2);
    });
  }

  it('similarity --method deepnet --model DIR/encoder runs on the pre-trained encoder', async () => {
    const r = JSON.parse(await stdoutOf(() => similarityCommand([join(dir, 'volume'), '--method', 'deepnet', '--model', join(dir, 'run', 'encoder'), '--backend', 'cpu'])));
    expect(r.method).toBe('deepnet');
    expect(r.n).toBe(SLICES);
    expect(r.matrix).toHaveLength(SLICES * SLICES);
    for (let i = 0; i < SLICES; i++) expect(r.matrix[i * SLICES + i]).toBeCloseTo(1, 5);
  });

  it('evaluate --protocol finetune --backend wasm trains on wasm (conv gradients as forward convs)', async () => {
    const out = join(dir, 'wasm.json');
    expect(await evaluateCommand([join(dir, 'labelled'), '--encoder', join(dir, 'run', 'encoder'), '--protocol', 'finetune', '--folds', '3', '--epochs', '12', '--backend', 'wasm', '--out', out])).toBe(0);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as EvaluationReport;
    expect(rep.backend).toMatch(/^wasm/);
    expect(rep.runs.every((r) => (r.epochsTrained ?? 0) > 10)).toBe(true);
    expect(rep.mean.auc).toBe(mean(rep.runs.map((x) => x.auc)));
    await tf.setBackend('cpu');
  });
});
