/**
 * End to end: `ctsieve experiment SPEC.json --out-dir DIR` with the tiny preset on a small synthetic
 * volume and a labelled ImageFolder (seconds on wasm): report.json in DESIGN's layout, report.csv,
 * figure.svg; a run stopped mid-way (as Ctrl-C stops it) and resumed with --resume gives the same
 * report as an uninterrupted one; spec problems name the file and the field before any training.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExperimentReport } from '../../core/experiment';
import { methodPreset } from '../../core/ssl';
import { writeDiscTask, writeSyntheticVolumes } from '../testing/experimentFixtures';
import experimentCommand, { runExperimentCommand } from './experiment';

let dir: string;
let stderr: string[] = [];
const SPEC = {
  volumes: ['vol0'],
  arms: [{ name: 'ALL', method: 'all' }, { name: 'EveryN-4', method: 'everyn', every: 4 }],
  preset: 'tiny',
  budget: 'epochs',
  epochs: 1,
  seeds: [0, 1],
  task: 'task',
  protocol: 'linear',
  runs: 2,
  evalEpochs: 3,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ctsieve-experiment-'));
  writeSyntheticVolumes(dir, 1, 32);
  writeDiscTask(join(dir, 'task'));
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(SPEC));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr.push(String(s));
    return true;
  });
});
afterAll(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const readReport = (out: string) => JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ExperimentReport;

/** The report without wall-clock times (they differ between runs). */
function timeless(r: ExperimentReport): unknown {
  return JSON.parse(JSON.stringify(r, (k, v) => (k === 'pretrainSeconds' ? undefined : v)));
}

describe('ctsieve experiment', () => {
  it('runs the spec: report.json in the contract layout, report.csv, figure.svg, progress on stderr', async () => {
    const out = join(dir, 'whole');
    stderr = [];
    expect(await experimentCommand([join(dir, 'spec.json'), '--out-dir', out, '--backend', 'wasm'])).toBe(0);
    const r = readReport(out);
    expect(Object.keys(r).slice(0, 6)).toEqual(['spec', 'task', 'protocol', 'randomInit', 'arms', 'comparisons']);
    expect(r.spec).toMatchObject(SPEC);
    expect(r.protocol).toBe('linear');
    expect(r.randomInit.seeds.map((s) => Object.keys(s))).toEqual([['seed', 'auc', 'f1', 'accuracy'], ['seed', 'auc', 'f1', 'accuracy']]);
    expect(Object.keys(r.arms[0]).slice(0, 11)).toEqual(['name', 'slices', 'steps', 'epochs', 'pretrainSeconds', 'collapsed', 'confusableRate', 'seeds', 'mean', 'std', 'ci95']);
    const [all, everyN] = r.arms;
    expect(all).toMatchObject({ name: 'ALL', slices: 32, steps: 4, epochs: 1 });
    // Equal epochs: a quarter of the slices, a quarter of the steps.
    expect(everyN).toMatchObject({ name: 'EveryN-4', slices: 8, steps: 1, epochs: 1 });
    expect(everyN.pretrainSeconds).toBeGreaterThan(0);
    const auc = r.comparisons.filter((c) => c.metric === 'auc').map((c) => `${c.b} vs ${c.a}`);
    expect(auc).toEqual(['ALL vs random init', 'EveryN-4 vs ALL', 'EveryN-4 vs random init']);
    for (const c of r.comparisons) {
      expect(Object.keys(c).slice(0, 7)).toEqual(['a', 'b', 'metric', 'pairs', 'meanDiff', 'ci95', 'verdict']);
      expect(['b better', 'a better', 'no difference shown']).toContain(c.verdict);
      expect(c.pairs).toBe(2);
    }
    expect(r.seedsNeeded.map((s) => s.difference)).toEqual([0.02, 0.05]);
    expect(r.missing).toEqual([]);
    // Encoders and histories per arm × seed.
    expect(existsSync(join(out, 'arms', '1-EveryN-4', 'seed-1', 'encoder', 'model.json'))).toBe(true);
    // each unit's history.json is `pretrain`'s (one writer): the run's own diagnosis and its kernel count
    const unit = JSON.parse(readFileSync(join(out, 'arms', '0-ALL', 'seed-0', 'history.json'), 'utf8'));
    expect(Object.keys(unit)).toEqual(expect.arrayContaining(['config', 'steps', 'method', 'collapsed', 'nearUniform', 'codeState', 'stopReason', 'kernelsPerStep']));
    expect(Object.keys(unit.steps[0])).toEqual(['step', 'loss', 'lr', 'lnK', 'sampleEntropy', 'meanEntropy', 'prototypesUsed', 'seconds', 'codeEntropy']);
    const csv = readFileSync(join(out, 'report.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^kind,name,vs,metric,seed/);
    expect(csv.filter((l) => l.startsWith('comparison,'))).toHaveLength(9);
    const svg = readFileSync(join(out, 'figure.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>EveryN-4');
    // Confusability per arm (pixels embedding, seeded anchors): in report.json, report.csv and figure.svg.
    for (const a of r.arms) {
      expect(a.confusableRate).toBeGreaterThanOrEqual(0);
      expect(a.confusableRate).toBeLessThanOrEqual(1);
    }
    const rateCol = csv[0].split(',').indexOf('confusable_rate');
    const allMean = csv.find((l) => l.startsWith('mean,ALL,'))!.split(',');
    expect(Number(allMean[rateCol])).toBeCloseTo(all.confusableRate!, 6);
    expect(svg).toContain('confusable rate');
    expect(svg).toContain(`>${everyN.confusableRate!.toFixed(3)}<`);
    const log = stderr.join('');
    expect(log).toMatch(/\[1\/14\] reduce ALL/);
    expect(log).toMatch(/confusability EveryN-4: confusable rate \d\.\d{3}/);
    expect(log).toMatch(/pretrain EveryN-4 seed 1: 1 steps \(1\.00 epochs\)/);
    expect(log).toMatch(/EveryN-4 vs ALL: [+−]\d\.\d{3} AUC/);
  }, 240_000);

  it('stopped mid-way (as Ctrl-C) and resumed with --resume: finished units are skipped, the report is the same', async () => {
    const out = join(dir, 'resumed');
    const controller = new AbortController();
    stderr = [];
    const write = process.stderr.write as unknown as { mockImplementation(f: (s: string) => boolean): void };
    write.mockImplementation((s: string) => {
      stderr.push(String(s));
      if (String(s).includes('ALL seed 0: step 1/4')) controller.abort(); // mid pre-training
      return true;
    });
    expect(await runExperimentCommand([join(dir, 'spec.json'), '--out-dir', out, '--backend', 'wasm'], { signal: controller.signal })).toBe(130);
    expect(stderr.join('')).toMatch(/stopped; continue with: .*--resume/);
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    const state = JSON.parse(readFileSync(join(out, 'state.json'), 'utf8'));
    expect(Object.keys(state.reductions)).toEqual(['ALL', 'EveryN-4']);
    expect(Object.keys(state.confusability)).toEqual(['ALL', 'EveryN-4']);
    expect(state.pretrained).toEqual({});
    // Without --resume the folder is refused; with it the run continues.
    await expect(experimentCommand([join(dir, 'spec.json'), '--out-dir', out])).rejects.toThrow(/already holds an experiment.*--resume/);
    stderr = [];
    expect(await experimentCommand([join(dir, 'spec.json'), '--out-dir', out, '--backend', 'wasm', '--resume'])).toBe(0);
    const log = stderr.join('');
    expect(log).toMatch(/\[1\/14\] reduce ALL: done in an earlier session, skipped/);
    // The cut pre-training continues from its checkpoint (exact resume), not from step 0.
    expect(log).toMatch(/ALL seed 0: resuming pre-training at step 1/);
    expect(timeless(readReport(out))).toEqual(timeless(readReport(join(dir, 'whole'))));
  }, 240_000);

  it('ssl: "mim" pre-trains every arm with the method preset (history.json says so), the report as for SwAV', async () => {
    const spec = join(dir, 'mim.json');
    writeFileSync(spec, JSON.stringify({ ...SPEC, arms: [SPEC.arms[1]], seeds: [0], ssl: 'mim' }));
    const out = join(dir, 'mim');
    expect(await experimentCommand([spec, '--out-dir', out, '--backend', 'wasm'])).toBe(0);
    const history = JSON.parse(readFileSync(join(out, 'arms', '0-EveryN-4', 'seed-0', 'history.json'), 'utf8'));
    expect(history.config.method).toBe('mim');
    expect(history.config.mim).toEqual(methodPreset('mim', 'tiny').mim);
    const r = readReport(out);
    expect(r.spec.ssl).toBe('mim');
    expect(r.arms.map((a) => a.name)).toEqual(['EveryN-4']);
  }, 240_000);

  it('names the spec file and the field before any training; relative paths resolve from the spec folder', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...SPEC, budget: 'time' }));
    await expect(experimentCommand([bad, '--out-dir', join(dir, 'x')])).rejects.toThrow(/bad\.json: budget: 'time' is not one of epochs, steps, seconds/);
    writeFileSync(bad, JSON.stringify({ ...SPEC, volumes: ['missing-volume'] }));
    await expect(experimentCommand([bad, '--out-dir', join(dir, 'x')])).rejects.toThrow(/bad\.json: volumes\[0\]: .*missing-volume does not exist/);
    writeFileSync(bad, JSON.stringify({ ...SPEC, task: 'no-task' }));
    await expect(experimentCommand([bad, '--out-dir', join(dir, 'x')])).rejects.toThrow(/bad\.json: task: .*no-task does not exist/);
    await expect(experimentCommand([join(dir, 'none.json'), '--out-dir', join(dir, 'x')])).rejects.toThrow(/none\.json: no such file/);
    await expect(experimentCommand(['--out-dir', join(dir, 'x')])).rejects.toThrow(/missing SPEC\.json/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
  });
});
