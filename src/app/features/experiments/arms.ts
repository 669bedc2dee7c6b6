/**
 * The arms an experiment can compare, from what the explorer holds: ALL slices of the loaded
 * volumes, EveryN at its N, and every method computed for ALL loaded volumes at that method's
 * threshold (the current method with the current algorithm, threshold or keep-%, and the
 * reviewer's overrides — i.e. exactly the reduction on screen). A method computed for only some
 * volumes is not offered: an arm trains on the same volumes as every other arm.
 * Pure: the caller passes a lookup for stored scores, so this is tested without the registries.
 */
import type { GreedyWalk } from '../../../core/reduction/greedy';
import type { ReductionParams, ReductionResult, ScoreMatrix } from '../../../core/reduction/types';
import { decideSlices, paramsForSettings, type DecisionInput } from '../../analysis/decisions';
import { METHOD_LABELS, needsCompute, THRESHOLD_RANGES, UI_METHODS, type Algorithm, type ThresholdMode, type UiMethod } from '../../store/methods';
import type { OverrideKind } from '../../store/overridesSlice';
import type { ArmSpec, ArmVolumeSlices } from './types';

export interface ArmVolume {
  id: string;
  name: string;
  slices: number;
  voxelSha256?: string;
}

export interface StoredScores {
  scores: ScoreMatrix;
  walk?: GreedyWalk;
  backend: string;
}

export interface ArmInputs {
  volumes: ArmVolume[];
  method: UiMethod;
  algorithm: Algorithm;
  thresholdMode: ThresholdMode;
  thresholds: Record<UiMethod, number>;
  keepPercent: number;
  overrides: Record<string, Record<number, OverrideKind>>;
  /** Stored scores of `method` for a volume (by voxel hash), or undefined when not computed. */
  scoresFor: (voxelSha256: string, method: UiMethod) => StoredScores | undefined;
}

/** "HASH ≤ 6", "SSIM ≥ 0.9 (leader)", "HASH keep 10%", "EveryN 10", "ALL". */
export function armLabel(params: ReductionParams, overrides = false): string {
  const suffix = overrides ? ' + overrides' : '';
  if (params.method === 'all') return 'ALL';
  if (params.method === 'everyn') return `EveryN ${params.every}`;
  const name = METHOD_LABELS[params.method];
  if ('keepFraction' in params) return `${name} keep ${Math.round(params.keepFraction * 1000) / 10}%${suffix}`;
  const unit = THRESHOLD_RANGES[params.method].unit.replace(/^\S+\s*/, '');
  const t = 'maxDistance' in params ? params.maxDistance : 'minSimilarity' in params ? params.minSimilarity : undefined;
  return `${name} ${unit} ${t}${params.algorithm === 'leader' ? ' (leader)' : ''}${suffix}`;
}

/** A stable id for an arm's parameters (so one arm is offered once). */
export function armId(params: ReductionParams, overrides = false): string {
  return `${JSON.stringify(params)}${overrides ? '+overrides' : ''}`;
}

function settingsFor(inputs: ArmInputs, method: UiMethod): Omit<DecisionInput, 'n'> {
  const current = method === inputs.method;
  return {
    method,
    algorithm: current ? inputs.algorithm : 'greedy',
    thresholdMode: current ? inputs.thresholdMode : 'threshold',
    threshold: inputs.thresholds[method],
    keepPercent: inputs.keepPercent,
  };
}

/** An arm as offered: its spec plus each volume's full decision (for the arm's manifest). */
export interface AvailableArm extends ArmSpec {
  decisions: ReductionResult[];
}

function armFor(inputs: ArmInputs, method: UiMethod): AvailableArm | undefined {
  const settings = settingsFor(inputs, method);
  const useOverrides = method === inputs.method && inputs.volumes.some((v) => Object.keys(inputs.overrides[v.id] ?? {}).length > 0);
  const volumes: ArmVolumeSlices[] = [];
  const decisions: ReductionResult[] = [];
  let backend = 'none';
  for (const v of inputs.volumes) {
    if (!v.voxelSha256) return undefined;
    const stored = needsCompute(method) ? inputs.scoresFor(v.voxelSha256, method) : undefined;
    if (needsCompute(method) && !stored) return undefined;
    const decision = decideSlices({
      ...settings, n: v.slices, scores: stored?.scores,
      walk: settings.algorithm === 'greedy' ? stored?.walk : undefined,
      overrides: useOverrides ? inputs.overrides[v.id] : undefined,
    });
    if (!decision) return undefined;
    if (stored) backend = stored.backend;
    decisions.push(decision);
    volumes.push({ volumeId: v.id, name: v.name, voxelSha256: v.voxelSha256, n: v.slices, kept: [...decision.kept] });
  }
  const params = paramsForSettings({ ...settings, n: 0 });
  if (!params || volumes.length === 0) return undefined;
  return { id: armId(params, useOverrides), label: armLabel(params, useOverrides), params, backend, volumes, decisions };
}

/** Every arm available now: ALL, EveryN, then each computed method (the current one first). */
export function availableArms(inputs: ArmInputs): AvailableArm[] {
  const methods: UiMethod[] = ['all', 'everyn', inputs.method, ...UI_METHODS];
  const seen = new Set<UiMethod>();
  const arms: AvailableArm[] = [];
  for (const m of methods) {
    if (seen.has(m)) continue;
    seen.add(m);
    const arm = armFor(inputs, m);
    if (arm) arms.push(arm);
  }
  return arms;
}

/** The default pair to compare: ALL and the reduction on screen (EveryN when nothing is computed). */
export function defaultArmIds(arms: ArmSpec[], inputs: Pick<ArmInputs, 'method'>): string[] {
  const all = arms.find((a) => a.params.method === 'all');
  const current = arms.find((a) => a.params.method === inputs.method && inputs.method !== 'all')
    ?? arms.find((a) => a.params.method !== 'all' && a.params.method !== 'everyn')
    ?? arms.find((a) => a.params.method === 'everyn');
  return [all, current].filter((a): a is ArmSpec => !!a).map((a) => a.id);
}

/** Total slices an arm trains on. */
/** The spec as stored (without the per-slice decisions). */
export function armSpec(arm: AvailableArm): ArmSpec {
  const { decisions: _decisions, ...spec } = arm;
  return spec;
}

export function armSliceCount(arm: Pick<ArmSpec, 'volumes'>): number {
  return arm.volumes.reduce((s, v) => s + v.kept.length, 0);
}
