/**
 * The panel's SPEC is the CLI's: export → checkSpec accepts it; import matches arms by their
 * reduction parameters and names the file and field of a problem; a stored experiment's report is
 * core's buildReport (the same comparisons the CLI writes).
 */
import { describe, expect, it } from 'vitest';
import { pretrainPreset } from '../../../core/ssl/presets';
import { checkSpec } from '../../../core/experiment';
import { experimentPreset } from './presets';
import { importSpec, recordReport, recordSpec, settingsFromSpec, specArm, toSpec } from './specIO';
import type { AvailableArm } from './arms';
import type { ExperimentRecord } from './types';
import { draftArms, draftPretrain } from './draft';

const vol = { volumeId: 'v', name: 'head-ct', voxelSha256: 'ab', n: 20 };
const offered: AvailableArm[] = [
  { id: 'all', label: 'ALL', params: { method: 'all' }, backend: 'none', volumes: [{ ...vol, kept: Array.from({ length: 20 }, (_, i) => i) }], decisions: [] },
  { id: 'h6', label: 'HASH ≤ 6', params: { method: 'hash', algorithm: 'greedy', drop: 'later', maxDistance: 6 }, backend: 'cpu', volumes: [{ ...vol, kept: [0, 9] }], decisions: [] },
  { id: 'e10', label: 'EveryN 10', params: { method: 'everyn', every: 10 }, backend: 'none', volumes: [{ ...vol, kept: [0, 10] }], decisions: [] },
];

describe('SPEC export and import', () => {
  it('exports what the CLI accepts, and imports it back to the same arms and settings', () => {
    const spec = toSpec({ arms: offered, preset: 'tiny', arch: 'tiny', budget: 'epochs', budgetValue: 3, seeds: [0, 1, 2], task: { kind: 'proxy' }, protocol: 'linear', runs: 5, evalEpochs: 20 });
    expect(checkSpec(JSON.parse(JSON.stringify(spec)), 'x.json')).toEqual(spec);
    expect(spec).toMatchObject({ volumes: ['head-ct'], budget: 'epochs', epochs: 3, seeds: [0, 1, 2], task: 'proxy' });
    expect(spec.arms).toEqual([{ name: 'ALL', method: 'all' }, { name: 'HASH ≤ 6', method: 'hash', threshold: 6 }, { name: 'EveryN 10', method: 'everyn', every: 10 }]);
    const back = importSpec(JSON.stringify(spec), 'exp.spec.json', offered);
    expect(back.armIds).toEqual(['all', 'h6', 'e10']);
    expect(back.missing).toEqual([]);
    const settings = settingsFromSpec({ ...back.spec, budget: 'seconds', seconds: 90, epochs: undefined }, experimentPreset('tiny'));
    expect(settings).toMatchObject({ budget: 'seconds', budgetValue: 90, seeds: [0, 1, 2], evalRuns: 5 });
  });

  it('the Method select travels in the SPEC as ssl: exported, accepted by the CLI’s check, imported back', () => {
    expect(toSpec({ arms: offered, preset: 'tiny', arch: 'tiny', budget: 'epochs', budgetValue: 3, seeds: [0], task: { kind: 'proxy' }, protocol: 'linear', runs: 5, evalEpochs: 20 }).ssl).toBe('swav');
    for (const ssl of ['moco', 'mim'] as const) {
      const spec = toSpec({ arms: offered, preset: 'tiny', arch: 'tiny', budget: 'epochs', budgetValue: 3, seeds: [0, 1], task: { kind: 'proxy' }, protocol: 'linear', runs: 5, evalEpochs: 20, ssl });
      expect(spec.ssl).toBe(ssl);
      expect(checkSpec(JSON.parse(JSON.stringify(spec)), 'x.json').ssl).toBe(ssl);
      const back = importSpec(JSON.stringify(spec), 'exp.spec.json', offered);
      // Imported into a SwAV setup: the setup switches to the SPEC's method (its preset's settings).
      const settings = settingsFromSpec(back.spec, experimentPreset('tiny'));
      expect(settings.pretrain.method).toBe(ssl);
      expect(settings.pretrain).toEqual(experimentPreset('tiny', ssl).pretrain);
      expect(settings).toMatchObject({ budget: 'epochs', budgetValue: 3, seeds: [0, 1] });
    }
    // A SPEC without ssl is SwAV: a MoCo setup goes back to SwAV.
    const { ssl: _omit, ...plain } = toSpec({ arms: offered, preset: 'tiny', arch: 'tiny', budget: 'epochs', budgetValue: 3, seeds: [0], task: { kind: 'proxy' }, protocol: 'linear', runs: 5, evalEpochs: 20 });
    expect(settingsFromSpec(checkSpec(plain, 'y.json'), experimentPreset('tiny', 'moco')).pretrain.method ?? 'swav').toBe('swav');
  });

  it('import: arms not on offer are listed; problems name the file and the field', () => {
    const text = JSON.stringify({ volumes: ['a'], arms: [{ name: 'ALL', method: 'all' }, { name: 'SSIM', method: 'ssim', threshold: 0.9 }], task: 'proxy' });
    expect(importSpec(text, 'mine.json', offered)).toMatchObject({ armIds: ['all'], missing: ['SSIM'] });
    expect(() => importSpec('{"volumes": ["a"], "arms": [], "task": "proxy"}', 'mine.json', offered)).toThrow(/^mine\.json: arms: /);
    expect(() => importSpec('nope', 'mine.json', offered)).toThrow(/^mine\.json: not valid JSON/);
    expect(specArm('L', { method: 'hash', algorithm: 'leader', maxDistance: 6 })).toEqual({ name: 'L', method: 'hash', algorithm: 'leader', threshold: 6 });
    expect(specArm('K', { method: 'ssim', algorithm: 'greedy', keepFraction: 0.1 })).toEqual({ name: 'K', method: 'ssim', keepFraction: 0.1 });
  });

  it('a stored experiment’s report is core’s: paired comparisons over the seeds that finished', () => {
    const record: ExperimentRecord = {
      id: 'e', name: 'e', createdAt: '', updatedAt: '', status: 'done', arms: offered.slice(0, 2), backend: 'cpu', budget: 'epochs', budgetValue: 2, seeds: [0, 1],
      pretrain: pretrainPreset('tiny'), evalRuns: 2, evalProtocol: 'linear', evalEpochs: 3, task: { kind: 'proxy' }, bytes: 0,
      progress: [0, 1].flatMap((seed) => [
        { armId: `all#${seed}`, seed, status: 'evaluated' as const, slicesUsed: 20, stepsDone: 6, seconds: 3 },
        { armId: `h6#${seed}`, seed, status: 'evaluated' as const, slicesUsed: 2, stepsDone: 2, seconds: 1 },
      ]),
    };
    const runs = (auc: number) => ({ runs: [{ auc, f1: 0.5, accuracy: 0.5 }, { auc: auc + 0.02, f1: 0.5, accuracy: 0.5 }] });
    const report = recordReport(record, { 'random init#0': runs(0.7), 'random init#1': runs(0.65), 'ALL#0': runs(0.72), 'ALL#1': runs(0.66), 'HASH ≤ 6#0': runs(0.6) });
    expect(report.arms.map((a) => [a.name, a.seeds.length, a.epochs])).toEqual([['ALL', 2, 2], ['HASH ≤ 6', 1, 2]]);
    expect(report.missing).toEqual(['HASH ≤ 6 seed 1 evaluation']);
    const allVsRandom = report.comparisons.find((c) => c.b === 'ALL' && c.a === 'random init' && c.metric === 'auc')!;
    expect(allVsRandom.meanDiff).toBeCloseTo(0.015, 12);
    expect(allVsRandom.pairs).toBe(2);
    // Not measured in the setup: no rate, as the CLI without confusability.
    expect(report.arms.map((a) => a.confusableRate)).toEqual([null, null]);
  });

  it('the report shows the rates the run measured (record.confusability, by arm id), not a rate measured in the setup', () => {
    const arms = draftArms(offered.slice(0, 2));
    expect(arms.map((a) => a.confusability)).toEqual([undefined, undefined]);
    const record: ExperimentRecord = {
      id: 'e', name: 'e', createdAt: '', updatedAt: '', status: 'done', arms, backend: 'cpu', budget: 'epochs', budgetValue: 2, seeds: [0],
      pretrain: pretrainPreset('tiny'), evalRuns: 1, evalProtocol: 'linear', evalEpochs: 3, task: { kind: 'proxy' }, bytes: 0, progress: [],
      confusability: { all: { confusableRate: 0.31, embedding: 'pixels' }, h6: { confusableRate: 0.27, embedding: 'pixels' } },
    };
    expect(recordReport(record, {}).arms.map((a) => [a.name, a.confusableRate])).toEqual([['ALL', 0.31], ['HASH ≤ 6', 0.27]]);
    // An older record: rates from the setup (another embedding, other anchors) stay out of the report.
    const older = { ...record, confusability: undefined, arms: arms.map((a) => ({ ...a, confusability: { confusableRate: 0.5, embedding: 'deepnet' } })) };
    expect(recordReport(older, {}).arms.map((a) => a.confusableRate)).toEqual([null, null]);
  });

  it('a stored experiment’s SPEC names the setup’s preset, as the setup’s export does (tiny, not custom → short)', () => {
    for (const name of ['tiny', 'short'] as const) {
      const settings = experimentPreset(name);
      const record: ExperimentRecord = {
        id: 'e', name: 'e', createdAt: '', updatedAt: '', status: 'done', arms: draftArms(offered.slice(0, 2)), backend: 'cpu', budget: settings.budget, budgetValue: settings.budgetValue,
        seeds: settings.seeds, pretrain: draftPretrain(settings), evalRuns: settings.evalRuns, evalProtocol: settings.evalProtocol, evalEpochs: settings.evalEpochs, task: { kind: 'proxy' }, bytes: 0, progress: [],
      };
      const exported = toSpec({ arms: record.arms, preset: settings.preset, arch: settings.pretrain.arch, budget: settings.budget, budgetValue: settings.budgetValue, seeds: settings.seeds, task: { kind: 'proxy' }, protocol: settings.evalProtocol, runs: settings.evalRuns, evalEpochs: settings.evalEpochs });
      expect(recordSpec(record)).toEqual(exported);
      expect(recordSpec(record).preset).toBe(name);
    }
  });
});
