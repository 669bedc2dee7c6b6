/**
 * The decision for the active volume under the current settings, memoised on its inputs so every
 * component (strip, counter, overlay, manifest) shares one computation per slider move.
 */
import type { ReductionResult } from '../../core/reduction/types';
import type { AppState } from '../store';
import { resultKey } from '../store/analysisSlice';
import { needsCompute } from '../store/methods';
import { activeVolume } from '../store/volumesSlice';
import { decideSlices } from './decisions';

/** The key under which the active volume's result for the current method is stored. */
export function activeResultKey(s: AppState): string | undefined {
  const volume = activeVolume(s);
  if (!volume || !needsCompute(s.method)) return undefined;
  return resultKey(volume.voxelSha256 ?? volume.id, s.method);
}

/** True when the current method still needs a compute run for the active volume. */
export function needsComputeNow(s: AppState): boolean {
  const key = activeResultKey(s);
  return key !== undefined && !s.results[key];
}

export function selectDecision(s: AppState): ReductionResult | undefined {
  const volume = activeVolume(s);
  if (!volume) return undefined;
  const key = activeResultKey(s);
  const summary = key ? s.results[key] : undefined;
  const inputs = [volume.id, volume.slices, s.method, s.algorithm, s.thresholdMode, s.thresholds[s.method], s.keepPercent, summary, s.overrides[volume.id]];
  const { results, decision: memo } = s.services;
  if (inputs.length === memo.inputs.length && inputs.every((v, i) => Object.is(v, memo.inputs[i]))) return memo.output;
  const stored = key && summary ? results.get(key) : undefined;
  memo.inputs = inputs;
  memo.output = decideSlices({
    method: s.method, algorithm: s.algorithm, thresholdMode: s.thresholdMode, threshold: s.thresholds[s.method],
    keepPercent: s.keepPercent, n: volume.slices, scores: stored?.scores,
    walk: stored && key && s.algorithm === 'greedy' ? results.walk(key) : undefined, overrides: s.overrides[volume.id],
  });
  return memo.output;
}
