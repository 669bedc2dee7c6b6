/**
 * The panel and the CLI speak one SPEC (core/experiment): export the setup or a stored experiment
 * as the SPEC JSON, import a SPEC into the setup (its arms matched against the arms on offer), and
 * make the CLI's report (core buildReport) from a stored experiment, so the results view shows the
 * same intervals, verdicts and warnings as `ctsieve experiment`. Pure: tested without React.
 */
import { buildReport, checkSpec, DEFAULT_SEEDS, emptyState, RANDOM_INIT, unitKey, type ArmSlices, type ExperimentReport, type ExperimentSpec, type SpecArm } from '../../../core/experiment';
import { armParams } from '../../../core/experiment/spec';
import type { ReductionParams } from '../../../core/reduction/types';
import type { RunMetrics } from '../../../core/eval/types';
import { methodOf, type PresetName, type SslMethod } from '../../../core/ssl';
import { armSliceCount, type AvailableArm } from './arms';
import { experimentPreset, type ExperimentSettings } from './presets';
import type { ArmSpec, ArmVolumeSlices, BudgetMode, ExperimentRecord, TaskSpec } from './types';

/** The SPEC's arm for an arm's reduction parameters (overrides of single slices cannot be said in a SPEC). */
export function specArm(label: string, p: ReductionParams): SpecArm {
  if (p.method === 'all') return { name: label, method: 'all' };
  if (p.method === 'everyn') return { name: label, method: 'everyn', every: p.every };
  const threshold = 'maxDistance' in p ? p.maxDistance : 'minSimilarity' in p ? p.minSimilarity : undefined;
  if (p.algorithm === 'leader') return { name: label, method: p.method, algorithm: 'leader', threshold };
  return threshold !== undefined ? { name: label, method: p.method, threshold } : { name: label, method: p.method, keepFraction: 'keepFraction' in p ? p.keepFraction : undefined };
}

/** 'time' was the old name of 'seconds'. */
export function specBudget(b: BudgetMode): 'epochs' | 'steps' | 'seconds' {
  return b === 'time' ? 'seconds' : b;
}

export interface SpecSource {
  arms: Pick<ArmSpec, 'label' | 'params' | 'volumes'>[];
  preset: string;
  arch: string;
  budget: BudgetMode;
  budgetValue: number;
  seeds: number[];
  task: TaskSpec;
  protocol: 'linear' | 'finetune';
  runs: number;
  evalEpochs: number;
  /** The self-supervised method of every arm (the setup's Method select); default swav. */
  ssl?: SslMethod;
}

/** The preset a SPEC says for the setup's (or a record's) preset name: tiny and paper as they are, anything else (custom) 'short'. */
export function specPreset(preset: string): PresetName {
  return preset === 'tiny' || preset === 'paper' ? preset : 'short';
}

/**
 * The names a SPEC gives the loaded volumes (in their order): each volume's name, a later one named
 * like an earlier one with " #2", " #3", … (the first suffix no other volume has) — two DICOM series
 * both "CT" or two files "image.nii.gz" become "CT" and "CT #2". A name is a volume's id in the run
 * (its kept slices, its views' seeds), so the SPEC, the run and the setup's preview all use these.
 */
export function specVolumeNames(volumes: readonly Pick<ArmVolumeSlices, 'name'>[]): string[] {
  const taken = new Set(volumes.map((v) => v.name));
  const given = new Set<string>();
  return volumes.map(({ name }) => {
    let unique = name;
    for (let k = 2; given.has(unique); k++) {
      unique = `${name} #${k}`;
      if (taken.has(unique)) unique = name; // another volume is called that: try the next suffix
    }
    given.add(unique);
    return unique;
  });
}

/** The SPEC of a setup or a stored experiment (volumes by name: the browser knows no paths; specVolumeNames). */
export function toSpec(s: SpecSource): ExperimentSpec {
  const budget = specBudget(s.budget);
  const preset = specPreset(s.preset);
  const raw = {
    volumes: specVolumeNames(s.arms[0]?.volumes ?? []),
    arms: s.arms.map((a) => specArm(a.label, a.params)),
    preset,
    ...(s.arch === 'tiny' || s.arch === 'resnet18' ? { arch: s.arch } : {}),
    budget,
    [budget]: s.budgetValue,
    seeds: s.seeds,
    task: s.task.kind === 'proxy' ? 'proxy' : s.task.name,
    protocol: s.protocol,
    runs: s.runs,
    evalEpochs: s.evalEpochs,
    ssl: s.ssl ?? 'swav',
  };
  return checkSpec(raw, 'this experiment');
}

export function recordSpec(r: ExperimentRecord): ExperimentSpec {
  return toSpec({ arms: r.arms, preset: r.pretrain.preset, arch: r.pretrain.arch, budget: r.budget, budgetValue: r.budgetValue, seeds: r.seeds ?? [r.pretrain.seed], task: r.task, protocol: r.evalProtocol, runs: r.evalRuns, evalEpochs: r.evalEpochs, ssl: methodOf(r.pretrain) });
}

export interface ImportedSpec {
  spec: ExperimentSpec;
  /** Ids of the offered arms the SPEC names (matched by their reduction parameters). */
  armIds: string[];
  /** Arms of the SPEC not on offer now (e.g. a method not computed for these volumes). */
  missing: string[];
}

const sameParams = (a: ReductionParams, b: ReductionParams) => JSON.stringify({ ...a, drop: undefined }) === JSON.stringify({ ...b, drop: undefined });

/** Reads a SPEC file for the setup: checked as the CLI checks it, its arms matched to the offered ones. */
export function importSpec(text: string, file: string, offered: readonly AvailableArm[]): ImportedSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const spec = checkSpec(raw, file);
  const armIds: string[] = [];
  const missing: string[] = [];
  for (const a of spec.arms) {
    const params = armParams(a);
    const match = offered.find((o) => sameParams(o.params, params));
    if (match) armIds.push(match.id);
    else missing.push(a.name);
  }
  return { spec, armIds, missing };
}

/**
 * The setup's settings with a SPEC's method (ssl), budget, seeds and evaluation applied. A method
 * other than the current one restarts from its preset (custom: from tiny), as the Method select does.
 */
export function settingsFromSpec(spec: ExperimentSpec, given: ExperimentSettings): ExperimentSettings {
  const ssl = spec.ssl ?? 'swav';
  const current = methodOf(given.pretrain) === ssl ? given : { ...experimentPreset(given.preset === 'custom' ? 'tiny' : given.preset, ssl), backend: given.backend };
  const value = spec.budget === 'epochs' ? (spec.epochs ?? 1) : spec.budget === 'steps' ? (spec.steps ?? current.budgetValue) : (spec.seconds ?? current.budgetValue);
  return { ...current, budget: spec.budget, budgetValue: value, seeds: spec.seeds, evalProtocol: spec.protocol, evalRuns: spec.runs ?? current.evalRuns, evalEpochs: spec.evalEpochs ?? current.evalEpochs };
}

/** Evaluation runs of one unit, stored by unit key (`<arm label>#<seed>`, random init under RANDOM_INIT). */
export type StoredEvaluations = Record<string, { runs: RunMetrics[]; notes?: string[]; task?: string; isProxy?: boolean }>;

/** An arm's kept slices as the SPEC names them (volumes by specVolumeNames), as core/experiment's reduce unit gives them. */
export function armSlices(arm: Pick<ArmSpec, 'volumes'>): ArmSlices {
  const names = specVolumeNames(arm.volumes);
  return { volumes: arm.volumes.map((v, k) => ({ id: names[k], n: v.n, kept: v.kept })) };
}

/** The CLI's report (core buildReport) from a stored paired-seed experiment (confusability: what the run measured). */
export function recordReport(r: ExperimentRecord, evaluations: StoredEvaluations): ExperimentReport {
  const spec = recordSpec(r);
  const state = emptyState(spec);
  const batch = r.pretrain.batch;
  for (const arm of r.arms) {
    state.reductions[arm.label] = armSlices(arm);
    const measured = r.confusability?.[arm.id];
    if (measured) state.confusability[arm.label] = measured;
    for (const seed of spec.seeds) {
      const p = r.progress.find((x) => x.armId === unitKey(arm.id, seed));
      if (!p || (p.status !== 'trained' && p.status !== 'evaluated')) continue;
      state.pretrained[unitKey(arm.label, seed)] = {
        encoder: unitKey(arm.id, seed), slices: p.slicesUsed || armSliceCount(arm), steps: p.stepsDone,
        epochs: p.stepsDone / Math.ceil((p.slicesUsed || armSliceCount(arm)) / batch), seconds: p.seconds,
        collapsed: p.collapsed ?? false, ...(p.collapseReason ? { collapseReason: p.collapseReason } : {}),
      };
    }
  }
  for (const [key, e] of Object.entries(evaluations)) state.evaluations[key] = e;
  return buildReport(state);
}

export { DEFAULT_SEEDS, RANDOM_INIT };
