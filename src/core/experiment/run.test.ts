/**
 * runExperiment in memory (injected deps): unit order and skipping, paired seeds (every arm's seed s
 * and random init share config.seed = s), budgets, resume after a cancel giving the same report,
 * and the report's comparisons, warnings and collapse messages.
 */
import { describe, expect, it } from 'vitest';
import { checkSpec, parseSpec, pretrainConfigFor, RANDOM_INIT, type ExperimentSpec } from './spec';
import { emptyState, runExperiment, type ExperimentDeps, type EvaluateTarget } from './run';
import { buildReport } from './report';
import { reportToCsv } from './csv';
import { reportFigureSvg } from './figure';
import type { ExperimentState } from './types';

const SPEC = checkSpec({
  volumes: ['a.nii.gz', 'b.nii.gz'],
  arms: [{ name: 'ALL', method: 'all' }, { name: 'EveryN-2', method: 'everyn', every: 2 }, { name: 'HASH-6', method: 'hash', threshold: 6 }],
  preset: 'tiny',
  budget: 'epochs',
  epochs: 2,
  seeds: [0, 1, 2],
  task: 'proxy',
  protocol: 'linear',
  runs: 2,
}, 'spec.json');

/** AUC of a target: a per-arm offset plus seed noise shared by all arms of a seed (what pairing removes). */
type AucOf = (name: string, seed: number, run: number) => number;
const seedNoise = (seed: number) => [0.03, -0.02, 0.01][seed] ?? 0;

function fakeDeps(aucOf: AucOf, opts: { collapsed?: string[]; log?: string[]; states?: ExperimentState[]; abortAfter?: { units: number; controller: AbortController } } = {}) {
  const log = opts.log ?? [];
  const configs: Record<string, number> = {};
  let finished = 0;
  const deps: ExperimentDeps = {
    async reduceArm(arm, params) {
      log.push(`reduce ${arm.name}`);
      const keep = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => params.method === 'all' || i % (params.method === 'everyn' ? params.every : 5) === 0);
      return { volumes: [{ id: 'a', n: 20, kept: keep(20) }, { id: 'b', n: 10, kept: keep(10) }] };
    },
    async pretrain(req) {
      log.push(`pretrain ${req.arm.name} ${req.seed}`);
      configs[`${req.arm.name}#${req.seed}`] = req.config.seed;
      const slices = req.slices.volumes.reduce((n, v) => n + v.kept.length, 0);
      const steps = (req.config.epochs ?? 1) * Math.ceil(slices / req.config.batch);
      return { encoder: `${req.arm.name}/${req.seed}`, slices, steps, epochs: steps / Math.ceil(slices / req.config.batch), seconds: steps * 0.5, collapsed: (opts.collapsed ?? []).includes(req.arm.name) };
    },
    async evaluate(target: EvaluateTarget, seed) {
      const name = target.kind === 'random' ? RANDOM_INIT : target.arm.name;
      log.push(`evaluate ${name} ${seed}`);
      if (target.kind === 'random') configs[`${RANDOM_INIT}#${seed}`] = target.config.seed;
      return { runs: [0, 1].map((run) => ({ auc: aucOf(name, seed, run), f1: 0.5, accuracy: 0.6 })), task: 'proxy-task', isProxy: true };
    },
    async saveState(state) {
      opts.states?.push(structuredClone(state));
      finished++;
      if (opts.abortAfter && finished >= opts.abortAfter.units) opts.abortAfter.controller.abort();
    },
  };
  return { deps, log, configs };
}

const better: AucOf = (name, seed, run) => 0.7 + seedNoise(seed) + (name === 'HASH-6' ? 0.05 : 0) + (name === 'EveryN-2' ? -0.01 * seed : 0) + run * 0.001;

describe('runExperiment', () => {
  it('reduces, then per seed pre-trains every arm and evaluates random init and every arm, with paired seeds', async () => {
    const { deps, log, configs } = fakeDeps(better);
    const report = await runExperiment(SPEC, deps);
    expect(log.slice(0, 3)).toEqual(['reduce ALL', 'reduce EveryN-2', 'reduce HASH-6']);
    expect(log.slice(3, 10)).toEqual(['pretrain ALL 0', 'pretrain EveryN-2 0', 'pretrain HASH-6 0', `evaluate ${RANDOM_INIT} 0`, 'evaluate ALL 0', 'evaluate EveryN-2 0', 'evaluate HASH-6 0']);
    expect(log).toHaveLength(3 + 3 * 7);
    // Seed s of every arm and of random init: config.seed = s (the same initial weights).
    for (const s of SPEC.seeds) for (const n of ['ALL', 'EveryN-2', 'HASH-6', RANDOM_INIT]) expect(configs[`${n}#${s}`]).toBe(s);
    expect(report.arms.map((a) => a.name)).toEqual(['ALL', 'EveryN-2', 'HASH-6']);
    // Equal epochs: the reduced arm makes fewer steps.
    const [all, , hash] = report.arms;
    expect(all.epochs).toBe(hash.epochs);
    expect(hash.steps).toBeLessThan(all.steps);
  });

  it('pairing removes the shared seed noise: a constant +0.05 is shown; comparisons vs ALL and vs random init', async () => {
    const report = await runExperiment(SPEC, fakeDeps(better).deps);
    const auc = report.comparisons.filter((c) => c.metric === 'auc');
    expect(auc.map((c) => `${c.b}|${c.a}`)).toEqual(['ALL|random init', 'EveryN-2|ALL', 'EveryN-2|random init', 'HASH-6|ALL', 'HASH-6|random init']);
    const hashVsAll = auc.find((c) => c.b === 'HASH-6' && c.a === 'ALL')!;
    expect(hashVsAll.meanDiff).toBeCloseTo(0.05, 10);
    expect(hashVsAll.verdict).toBe('b better');
    expect(auc.find((c) => c.b === 'ALL')!.verdict).toBe('no difference shown');
    expect(report.noArmBeatsRandomInit).toBe(false);
    expect(report.randomInit.seeds[0].auc).toBeCloseTo(0.7 + seedNoise(0) + 0.0005, 12); // mean over the seed's runs
    expect(report.missing).toEqual([]);
    expect(report.comparisons.map((c) => c.metric)).toContain('f1');
  });

  it('warns first when no pre-trained arm beats random init, and says how many seeds a difference would need', async () => {
    const noisy: AucOf = (name, seed) => 0.7 + seedNoise(seed) + (name === RANDOM_INIT ? 0 : [0.01, -0.03, 0.015][seed] * (name === 'HASH-6' ? 1 : -1));
    const report = await runExperiment(SPEC, fakeDeps(noisy).deps);
    expect(report.noArmBeatsRandomInit).toBe(true);
    expect(report.warnings[0]).toMatch(/^No pre-trained arm beats random init on AUC/);
    expect(report.seedsNeeded.map((s) => s.difference)).toEqual([0.02, 0.05]);
    expect(report.seedsNeeded[0].seeds!).toBeGreaterThan(report.seedsNeeded[1].seeds!);
  });

  it('a collapsed arm that still beats random init gets a message that agrees with the numbers', async () => {
    const report = await runExperiment(SPEC, fakeDeps(better, { collapsed: ['HASH-6', 'ALL'] }).deps);
    const hash = report.warnings.find((w) => w.startsWith('HASH-6'))!;
    expect(hash).toMatch(/collapsed.*yet its encoder beats random init/);
    expect(hash).not.toMatch(/not learning/);
    const all = report.warnings.find((w) => w.startsWith('ALL'))!;
    expect(all).toMatch(/does not beat random init/);
    expect(report.arms[0]).toMatchObject({ collapsed: true, collapsedSeeds: 3 });
    expect(hash).toMatch(/SwAV's codes collapsed/);
  });

  it('a MoCo or MIM spec’s collapse message names that method, not SwAV', async () => {
    for (const [ssl, name] of [['moco', 'MoCo v2'], ['mim', 'the MIM control']] as const) {
      const report = await runExperiment({ ...SPEC, ssl }, fakeDeps(better, { collapsed: ['HASH-6'] }).deps);
      const hash = report.warnings.find((w) => w.startsWith('HASH-6'))!;
      expect(hash).toContain(`${name}'s pre-training was flagged as collapsed`);
      expect(hash).not.toMatch(/SwAV|prototype/);
    }
  });

  it('resumes after a cancel: finished units are skipped and the report is the same', async () => {
    const whole = await runExperiment(SPEC, fakeDeps(better).deps);
    const states: ExperimentState[] = [];
    const controller = new AbortController();
    const first = fakeDeps(better, { states, abortAfter: { units: 8, controller } });
    await expect(runExperiment(SPEC, first.deps, { signal: controller.signal })).rejects.toThrow(/abort/i);
    expect(first.log).toHaveLength(8);
    const saved = JSON.parse(JSON.stringify(states[states.length - 1])) as ExperimentState; // as written to disk
    const second = fakeDeps(better);
    const resumed = await runExperiment(SPEC, second.deps, { state: saved });
    expect(second.log).toHaveLength(3 + 3 * 7 - 8);
    expect(second.log[0]).toBe('evaluate EveryN-2 0');
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(whole));
    const other = { ...SPEC, seeds: [0, 1] };
    await expect(runExperiment(other, second.deps, { state: saved })).rejects.toThrow(/another spec/);
  });

  it('a partial state gives a partial report listing what is missing; CSV and SVG render it', () => {
    const state = emptyState(SPEC);
    const report = buildReport(state);
    expect(report.missing).toContain('ALL seed 0 pretrain');
    expect(report.comparisons).toEqual([]);
    expect(reportToCsv(report).split('\n')[0]).toMatch(/^kind,name,vs,metric,seed/);
    expect(reportFigureSvg(report)).toMatch(/^<svg/);
  });

  it('CSV rows: seeds, means and comparisons; the SVG names every arm and no "best"', async () => {
    const report = await runExperiment(SPEC, fakeDeps(better).deps);
    const csv = reportToCsv(report).trim().split('\n');
    expect(csv.filter((l) => l.startsWith('seed,'))).toHaveLength(12);
    expect(csv.filter((l) => l.startsWith('mean,'))).toHaveLength(4);
    expect(csv.filter((l) => l.startsWith('comparison,'))).toHaveLength(15);
    expect(csv.find((l) => l.startsWith('comparison,HASH-6,ALL,auc'))).toMatch(/b better$/);
    const svg = reportFigureSvg(report);
    for (const n of ['ALL', 'EveryN-2', 'HASH-6', RANDOM_INIT]) expect(svg).toContain(`>${n}`);
    expect(svg).not.toMatch(/best|★|\*/);
  });
});

describe('spec', () => {
  const base = { volumes: ['v.nii'], arms: [{ name: 'ALL', method: 'all' }], task: 'proxy' };
  const problem = (o: Record<string, unknown>) => {
    try {
      checkSpec({ ...base, ...o }, 'exp/spec.json');
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };

  it('fills in the defaults: budget epochs, 3 seeds, linear, 5 runs, preset short', () => {
    expect(checkSpec(base, 's.json')).toMatchObject({ budget: 'epochs', seeds: [0, 1, 2], protocol: 'linear', runs: 5, preset: 'short' });
  });

  it('names the file and the field in every problem', () => {
    expect(() => parseSpec('{', 'exp/spec.json')).toThrow(/^exp\/spec\.json: not valid JSON/);
    expect(problem({ budget: 'time' })).toMatch(/^exp\/spec\.json: budget: 'time' is not one of epochs, steps, seconds/);
    expect(problem({ budget: 'steps' })).toMatch(/steps: missing/);
    expect(problem({ budget: 'steps', steps: 10, epochs: 2 })).toMatch(/epochs: given, but budget is 'steps'/);
    expect(problem({ budget: 'seconds', seconds: -1 })).toMatch(/seconds: '-1' must be a positive number/);
    expect(problem({ arms: [{ name: 'H', method: 'hash' }] })).toMatch(/arms\[0\]: method hash needs threshold or keepFraction/);
    expect(problem({ arms: [{ name: 'S', method: 'ssim', algorithm: 'leader', threshold: 0.9 }] })).toMatch(/arms\[0\]: .*leader/);
    expect(problem({ arms: [{ name: 'A', method: 'all' }, { name: 'A', method: 'everyn', every: 3 }] })).toMatch(/arms: two arms are named 'A'/);
    expect(problem({ arms: [{ name: 'A', method: 'all', colour: 'red' }] })).toMatch(/arms\[0\]\.colour: unknown field/);
    expect(problem({ seeds: [1, 1] })).toMatch(/seeds: a seed appears twice/);
    expect(problem({ arch: 'mobilenetv2' })).toMatch(/^exp\/spec\.json: arch: /);
    expect(problem({ task: '' })).toMatch(/task: expected a path/);
    expect(problem({ volumes: [] })).toMatch(/volumes: expected a non-empty list/);
    expect(problem({ ssl: 'byol' })).toMatch(/^exp\/spec\.json: ssl: 'byol' is not one of swav, moco, mim/);
    expect(problem({ ssl: 'moco' })).toBe('accepted');
    expect(problem({ budget: 'steps', steps: 10 })).toBe('accepted');
  });

  it('budgets: epochs set config.epochs; steps set steps; seconds set a time budget', () => {
    const spec = (o: Partial<ExperimentSpec>) => checkSpec({ ...base, preset: 'tiny', ...o }, 's.json');
    expect(pretrainConfigFor(spec({ budget: 'epochs', epochs: 3 }), 2)).toMatchObject({ epochs: 3, seed: 2 });
    expect(pretrainConfigFor(spec({ budget: 'epochs' }), 0).epochs).toBe(1);
    const steps = pretrainConfigFor(spec({ budget: 'steps', steps: 40 }), 1);
    expect(steps.epochs).toBeUndefined();
    expect(steps.steps).toBe(40);
    expect(pretrainConfigFor(spec({ budget: 'seconds', seconds: 12 }), 1).timeBudgetSeconds).toBe(12);
    expect(pretrainConfigFor(spec({ arch: 'resnet18' }), 0)).toMatchObject({ arch: 'resnet18' });
  });
});
