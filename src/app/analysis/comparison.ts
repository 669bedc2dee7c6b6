/**
 * The kept masks the method comparison shows: every method computed for the active volume, each at
 * its own threshold, plus EveryN. The row of the result on screen is the decision shown everywhere
 * else (its mode, algorithm and overrides), so its count is the kept count. DeepNet results of
 * different models have different result keys (the model joins the key), so two models' results
 * sit side by side, labelled by model. Reviewer overrides apply to every row: they are decisions
 * about slices, not methods.
 */
import type { MethodKeptMask } from '../features/compare/keptSets';
import type { ReductionResult } from '../../core/reduction/types';
import type { AppState } from '../store';
import { resultKey } from '../store/analysisSlice';
import { METHOD_LABELS, needsCompute, UI_METHODS, type UiMethod } from '../store/methods';
import type { OverrideKind } from '../store/overridesSlice';
import type { VolumeSummary } from '../store/volumesSlice';
import { decideSlices } from './decisions';
import type { ResultRegistry } from './results';

export interface ComparisonInputs {
  volume: VolumeSummary | undefined;
  results: AppState['results'];
  thresholds: AppState['thresholds'];
  method: UiMethod;
  /** Result key on screen (activeResultKey; undefined for EveryN and ALL). */
  currentKey: string | undefined;
  /** The decision the rest of the app shows for the current method. */
  currentDecision: ReductionResult | undefined;
  overrides: Record<number, OverrideKind> | undefined;
  /** The store's matrices (AppServices.results). */
  registry: ResultRegistry;
}

export function keptMask(n: number, kept: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const k of kept) mask[k] = 1;
  return mask;
}

/** Result keys (with labels) of one method for this volume: one per DeepNet model, else at most one. */
function keysFor(volumeKey: string, method: UiMethod, results: AppState['results']): { key: string; label: string }[] {
  const label = METHOD_LABELS[method];
  if (!needsCompute(method)) return [{ key: '', label }];
  const plain = resultKey(volumeKey, method);
  return Object.values(results)
    .filter((r) => r.method === method && (r.key === plain || r.key.startsWith(`${plain}|`)))
    .map((r) => ({ key: r.key, label: r.model ? `${label} (${r.model})` : label }));
}

/** The current row's setting: the threshold, or the keep-% the decision was made with. */
function captionSetting(decision: ReductionResult, threshold: number): string {
  return 'keepFraction' in decision.params ? `keep ${Math.round(decision.params.keepFraction * 1000) / 10}%` : String(threshold);
}

export function comparisonMasks(inputs: ComparisonInputs): MethodKeptMask[] {
  const { volume, results, thresholds, method: current, currentKey, currentDecision, overrides, registry } = inputs;
  if (!volume) return [];
  const volumeKey = volume.voxelSha256 ?? volume.id;
  const suffix = Object.keys(overrides ?? {}).length > 0 ? ' +ovr' : '';
  const masks: MethodKeptMask[] = [];
  for (const method of UI_METHODS.filter((m): m is UiMethod => m !== 'all')) {
    for (const { key, label } of keysFor(volumeKey, method, results)) {
      const stored = key ? registry.get(key) : undefined;
      if (needsCompute(method) && !stored) continue;
      const threshold = thresholds[method];
      const onScreen = method === current && (key === '' || key === currentKey);
      const decision = onScreen ? currentDecision : decideSlices({
        method, algorithm: 'greedy', thresholdMode: 'threshold', threshold, keepPercent: 100,
        n: volume.slices, scores: stored?.scores, walk: stored ? registry.walk(key) : undefined, overrides,
      });
      if (decision) masks.push({ label: `${label} ${onScreen ? captionSetting(decision, threshold) : threshold}${suffix}`, kept: keptMask(volume.slices, decision.kept) });
    }
  }
  return masks;
}
