/**
 * Methods the explorer offers and their threshold sliders, read from the one method table
 * (core/methods). HASH is a Hamming distance (alike when d <= T); SSIM, NMI and DeepNet cosine
 * are similarities (alike when s >= T). EveryN's "threshold" is N; ALL has none.
 */
import { METHODS, REDUCTION_METHODS, SIMILARITY_METHODS, algorithmsFor as methodAlgorithms, isReductionMethod, type Algorithm, type MethodName, type ReductionMethod } from '../../core/methods';

export type UiMethod = ReductionMethod;
export type { Algorithm };
export type ThresholdMode = 'threshold' | 'keepPercent';

/** The menu order: similarity methods first, then the baselines. */
export const UI_METHODS: readonly UiMethod[] = [...SIMILARITY_METHODS, 'everyn', 'all'];

export interface ThresholdRange {
  min: number;
  max: number;
  step: number;
  initial: number;
  /** Label of the unit shown next to the slider. */
  unit: string;
}

/** Slider range = the method's full score range (core/methods), so the app and the CLI accept the same thresholds. */
export const THRESHOLD_RANGES = Object.fromEntries(
  REDUCTION_METHODS.map((m) => {
    const { range, slider } = METHODS[m];
    return [m, { min: range.min, max: range.max, step: slider.step, initial: slider.initial, unit: slider.prefix }];
  }),
) as Record<UiMethod, ThresholdRange>;

export const METHOD_LABELS = Object.fromEntries(REDUCTION_METHODS.map((m) => [m, METHODS[m].label])) as Record<UiMethod, string>;

/** Methods that need a similarity matrix (and therefore a compute run). */
export function needsCompute(method: UiMethod): method is MethodName {
  return METHODS[method].needsScores;
}

/** The algorithms offered for a method (the baselines show greedy, disabled). */
export function algorithmsFor(method: UiMethod): Algorithm[] {
  const algorithms = methodAlgorithms(method);
  return algorithms.length ? [...algorithms] : ['greedy'];
}

export function isUiMethod(value: string): value is UiMethod {
  return isReductionMethod(value);
}

/** Clamps a threshold into a method's range and snaps it to the slider step. */
export function clampThreshold(method: UiMethod, value: number): number {
  const { min, max, step, initial } = THRESHOLD_RANGES[method];
  if (!Number.isFinite(value)) return initial;
  const snapped = Math.round((value - min) / step) * step + min;
  return Math.min(max, Math.max(min, Number(snapped.toFixed(6))));
}
