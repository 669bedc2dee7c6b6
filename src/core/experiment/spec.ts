/**
 * The experiment SPEC (DESIGN.md "Experiments that can answer…"): one JSON that the CLI's
 * `experiment` runs and the app's Experiments panel exports and imports.
 *
 *   {volumes: [paths], arms: [{name, method, algorithm?, threshold? | keepFraction? | every?}],
 *    preset, arch?, budget: "epochs"|"steps"|"seconds", epochs? | steps? | seconds?, seeds: [..],
 *    task: PATH | "proxy", protocol: "linear"|"finetune", runs?, ssl?: "swav"|"moco"|"mim"}
 *
 * `{method: "all"}` is ALL. Relative paths resolve from the spec's folder (the caller's job: core
 * sees no file system). parseSpec checks every field and names the file and the field in its
 * message; defaults (budget epochs, 3 seeds, protocol linear, 5 runs) are filled in.
 */
import { ALGORITHMS, REDUCTION_METHODS } from '../methods';
import { alikeThreshold, validateParams } from '../reduction';
import type { ReductionParams } from '../reduction/types';
import { PRESET_NAMES, SSL_METHODS, pretrainPreset, specPretrainConfig, type PresetName, type PretrainConfig, type SslMethod } from '../ssl';
import type { MethodName } from '../similarity/types';

export type BudgetKind = 'epochs' | 'steps' | 'seconds';
export const BUDGET_KINDS: readonly BudgetKind[] = ['epochs', 'steps', 'seconds'];
/** Encoders an experiment trains from scratch (MobileNetV2 starts from ImageNet weights: no shared random init). */
export const EXPERIMENT_ARCHS = ['tiny', 'resnet18'] as const;
export type ExperimentArch = (typeof EXPERIMENT_ARCHS)[number];

export interface SpecArm {
  name: string;
  method: ReductionParams['method'];
  algorithm?: 'greedy' | 'leader';
  /** The method's own unit: max Hamming distance for hash, min similarity otherwise. */
  threshold?: number;
  keepFraction?: number;
  every?: number;
}

export interface ExperimentSpec {
  volumes: string[];
  arms: SpecArm[];
  preset: PresetName;
  arch?: ExperimentArch;
  budget: BudgetKind;
  epochs?: number;
  steps?: number;
  seconds?: number;
  seeds: number[];
  task: string;
  protocol: 'linear' | 'finetune';
  runs?: number;
  /** Maximum epochs of each evaluation run (default DEFAULT_EVAL_EPOCHS, as `evaluate`). */
  evalEpochs?: number;
  /** The self-supervised method of every arm (default swav); its settings come from methodPreset. */
  ssl?: SslMethod;
}

export const DEFAULT_SEEDS = [0, 1, 2];
export const DEFAULT_RUNS = 5;
export const DEFAULT_EVAL_EPOCHS = 30;
export const PROXY_TASK = 'proxy';
/** The name random init carries in comparisons and the report. */
export const RANDOM_INIT = 'random init';

export class SpecError extends Error {
  override name = 'SpecError';
}

const FIELDS = ['volumes', 'arms', 'preset', 'arch', 'budget', 'epochs', 'steps', 'seconds', 'seeds', 'task', 'protocol', 'runs', 'evalEpochs', 'ssl'];
const ARM_FIELDS = ['name', 'method', 'algorithm', 'threshold', 'keepFraction', 'every'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;

/** Reads and checks a spec; `file` names the spec in every message. */
export function parseSpec(text: string, file: string): ExperimentSpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SpecError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return checkSpec(raw, file);
}

/** Checks a parsed spec (the app's import does the same), filling in the defaults. */
export function checkSpec(raw: unknown, file: string): ExperimentSpec {
  const fail = (field: string, problem: string): never => {
    throw new SpecError(`${file}: ${field}: ${problem}`);
  };
  if (!isObject(raw)) fail('(top level)', 'expected a JSON object {volumes, arms, preset, budget, seeds, task, protocol, …}');
  const o = raw as Json;
  for (const k of Object.keys(o)) if (!FIELDS.includes(k)) fail(k, `unknown field (expected ${FIELDS.join(', ')})`);
  if (o.ssl !== undefined && !(SSL_METHODS as readonly unknown[]).includes(o.ssl)) fail('ssl', `'${String(o.ssl)}' is not one of ${SSL_METHODS.join(', ')}`);
  if (!Array.isArray(o.volumes) || o.volumes.length === 0 || !o.volumes.every((v) => typeof v === 'string' && v !== '')) fail('volumes', 'expected a non-empty list of paths (DICOM folders, .nii/.nii.gz files, PNG folders)');
  const volumes = o.volumes as string[];
  const dupVolume = volumes.find((v, i) => volumes.indexOf(v) !== i);
  // A volume's name is its id in the run (its kept slices, its views' seeds): two alike would be one.
  if (dupVolume !== undefined) fail('volumes', `'${dupVolume}' is listed twice; each volume must be named once`);
  if (!Array.isArray(o.arms) || o.arms.length === 0) fail('arms', 'expected a non-empty list of {name, method, …}');
  const arms = (o.arms as unknown[]).map((a, i) => checkArm(a, `arms[${i}]`, fail));
  const names = arms.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) fail('arms', `two arms are named '${dup}'; names must differ`);
  if (names.includes(RANDOM_INIT)) fail('arms', `'${RANDOM_INIT}' is the baseline's name; call the arm something else`);
  const preset = o.preset ?? 'short';
  if (typeof preset !== 'string' || !(PRESET_NAMES as readonly string[]).includes(preset)) fail('preset', `'${String(preset)}' is not one of ${PRESET_NAMES.join(', ')}`);
  if (o.arch !== undefined && !(EXPERIMENT_ARCHS as readonly unknown[]).includes(o.arch)) fail('arch', `'${String(o.arch)}' is not one of ${EXPERIMENT_ARCHS.join(', ')} (an experiment compares with a random-init encoder of the same weights)`);
  const budget = o.budget ?? 'epochs';
  if (!(BUDGET_KINDS as readonly unknown[]).includes(budget)) fail('budget', `'${String(budget)}' is not one of ${BUDGET_KINDS.join(', ')}`);
  for (const k of BUDGET_KINDS) {
    if (o[k] === undefined) continue;
    if (k !== budget) fail(k, `given, but budget is '${String(budget)}' (give ${String(budget)} instead)`);
    if (k === 'seconds' ? !(typeof o[k] === 'number' && (o[k] as number) > 0 && Number.isFinite(o[k])) : !isPositiveInt(o[k])) fail(k, `'${String(o[k])}' must be a positive ${k === 'seconds' ? 'number' : 'integer'}`);
  }
  if (budget !== 'epochs' && o[budget as string] === undefined) fail(budget as string, `missing: budget '${String(budget)}' needs ${String(budget)}: N`);
  const seeds = o.seeds ?? DEFAULT_SEEDS;
  if (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((s) => Number.isInteger(s) && s >= 0)) fail('seeds', 'expected a non-empty list of whole numbers ≥ 0, e.g. [0, 1, 2]');
  if (new Set(seeds as number[]).size !== (seeds as number[]).length) fail('seeds', 'a seed appears twice');
  if (typeof o.task !== 'string' || o.task === '') fail('task', `expected a path to the labelled data (folder, CSV, MedMNIST .npz, COVID-CT folder) or "${PROXY_TASK}"`);
  const protocol = o.protocol ?? 'linear';
  if (protocol !== 'linear' && protocol !== 'finetune') fail('protocol', `'${String(protocol)}' is not linear or finetune`);
  if (o.runs !== undefined && !isPositiveInt(o.runs)) fail('runs', `'${String(o.runs)}' must be a positive integer`);
  if (o.evalEpochs !== undefined && !isPositiveInt(o.evalEpochs)) fail('evalEpochs', `'${String(o.evalEpochs)}' must be a positive integer`);
  const spec: ExperimentSpec = {
    volumes: o.volumes as string[],
    arms,
    preset: preset as PresetName,
    ...(o.arch !== undefined ? { arch: o.arch as ExperimentArch } : {}),
    budget: budget as BudgetKind,
    ...(budget !== 'epochs' || o.epochs !== undefined ? { [budget as string]: o[budget as string] } : {}),
    seeds: seeds as number[],
    task: o.task as string,
    protocol: protocol as 'linear' | 'finetune',
    runs: (o.runs as number | undefined) ?? DEFAULT_RUNS,
    ...(o.evalEpochs !== undefined ? { evalEpochs: o.evalEpochs as number } : {}),
    ...(o.ssl !== undefined ? { ssl: o.ssl as SslMethod } : {}),
  };
  const arch = pretrainConfigFor(spec, 0).arch;
  if (!(EXPERIMENT_ARCHS as readonly string[]).includes(arch)) fail('arch', `preset '${spec.preset}' trains ${arch}; give arch: ${EXPERIMENT_ARCHS.join(' or ')}`);
  return spec;
}

function checkArm(a: unknown, field: string, fail: (field: string, problem: string) => never): SpecArm {
  if (!isObject(a)) fail(field, 'expected {name, method, algorithm?, threshold? | keepFraction? | every?}');
  const o = a as Json;
  for (const k of Object.keys(o)) if (!ARM_FIELDS.includes(k)) fail(`${field}.${k}`, `unknown field (expected ${ARM_FIELDS.join(', ')})`);
  if (typeof o.name !== 'string' || o.name.trim() === '') fail(`${field}.name`, 'expected a non-empty name');
  if (!(REDUCTION_METHODS as readonly unknown[]).includes(o.method)) fail(`${field}.method`, `'${String(o.method)}' is not one of ${REDUCTION_METHODS.join(', ')}`);
  if (o.algorithm !== undefined && !(ALGORITHMS as readonly unknown[]).includes(o.algorithm)) fail(`${field}.algorithm`, `'${String(o.algorithm)}' is not one of ${ALGORITHMS.join(', ')}`);
  const arm = o as unknown as SpecArm;
  try {
    armParams(arm);
  } catch (e) {
    fail(field, (e as Error).message);
  }
  return arm;
}

/** An arm's reduction parameters (checked; the messages name the arm's fields). */
export function armParams(arm: SpecArm): ReductionParams {
  const stops = (['threshold', 'keepFraction', 'every'] as const).filter((k) => arm[k] !== undefined);
  if (stops.length > 1) throw new RangeError(`give only one of threshold, keepFraction, every (got ${stops.join(' and ')})`);
  let params: ReductionParams;
  if (arm.method === 'all') {
    if (stops.length || arm.algorithm) throw new RangeError('method all keeps every slice; threshold, keepFraction, every and algorithm do not apply');
    params = { method: 'all' };
  } else if (arm.method === 'everyn') {
    if (arm.every === undefined || arm.algorithm) throw new RangeError('method everyn needs every: N (and no algorithm)');
    params = { method: 'everyn', every: arm.every };
  } else {
    const method = arm.method as MethodName;
    const algorithm = arm.algorithm ?? 'greedy';
    if (arm.every !== undefined) throw new RangeError(`every applies to method everyn, not ${method}`);
    if (algorithm === 'leader') {
      if (arm.threshold === undefined) throw new RangeError('algorithm leader needs threshold');
      params = { method, algorithm, ...alikeThreshold(method, arm.threshold) } as ReductionParams;
    } else if (arm.threshold !== undefined) params = { method, algorithm, drop: 'later', ...alikeThreshold(method, arm.threshold) } as ReductionParams;
    else if (arm.keepFraction !== undefined) params = { method, algorithm, drop: 'later', keepFraction: arm.keepFraction } as ReductionParams;
    else throw new RangeError(`method ${method} needs threshold or keepFraction`);
  }
  validateParams(params);
  return params;
}

/** Effectively unlimited steps under a seconds budget (the time budget stops the run). */
export const SECONDS_BUDGET_STEP_CAP = 1_000_000;

/**
 * The pre-training config of seed `seed` of every arm: the method's preset (ssl/methods.ts
 * specPretrainConfig: swav, moco or mim, with arch), then the budget —
 * epochs (default: the preset's epochs, else 1; a reduced arm makes fewer steps, as in the paper),
 * steps, or seconds (steps capped at SECONDS_BUDGET_STEP_CAP, so the time budget ends the run and
 * the learning-rate schedule is laid out over that cap: it stays near its peak).
 */
export function pretrainConfigFor(spec: ExperimentSpec, seed: number): PretrainConfig {
  const overrides: Partial<PretrainConfig> = { seed };
  const base = pretrainPreset(spec.preset);
  if (spec.budget === 'epochs') overrides.epochs = spec.epochs ?? base.epochs ?? 1;
  else if (spec.budget === 'steps') Object.assign(overrides, { steps: spec.steps, epochs: undefined });
  else Object.assign(overrides, { steps: SECONDS_BUDGET_STEP_CAP, epochs: undefined, timeBudgetSeconds: spec.seconds });
  return specPretrainConfig(spec, overrides);
}

/** The spec's budget in words: "2 epochs per arm", "300 steps per arm", "60 s per arm". */
export function budgetLabel(spec: ExperimentSpec): string {
  if (spec.budget === 'epochs') return `${pretrainConfigFor(spec, 0).epochs} epoch(s) per arm (equal epochs: a reduced arm makes fewer steps)`;
  if (spec.budget === 'steps') return `${spec.steps} steps per arm`;
  return `${spec.seconds} s of training per arm (pauses excluded)`;
}
