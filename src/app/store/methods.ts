/**
 * Methods the explorer offers and the units of their threshold sliders.
 * HASH is a Hamming distance (alike when d <= T); SSIM, NMI and DeepNet cosine are similarities
 * (alike when s >= T). EveryN's "threshold" is N; ALL has none.
 */
import type { MethodName } from '../../core/similarity/types';

export type UiMethod = MethodName | 'everyn' | 'all';
export type Algorithm = 'greedy' | 'leader';
export type ThresholdMode = 'threshold' | 'keepPercent';

export const UI_METHODS: readonly UiMethod[] = ['hash', 'ssim', 'nmi', 'deepnet', 'everyn', 'all'];

export interface ThresholdRange {
  min: number;
  max: number;
  step: number;
  initial: number;
  /** Label of the unit shown next to the slider. */
  unit: string;
}

export const THRESHOLD_RANGES: Record<UiMethod, ThresholdRange> = {
  hash: { min: 0, max: 64, step: 1, initial: 6, unit: 'Hamming ≤' },
  ssim: { min: 0, max: 1, step: 0.001, initial: 0.9, unit: 'SSIM ≥' },
  nmi: { min: 1, max: 2, step: 0.001, initial: 1.3, unit: 'NMI ≥' },
  deepnet: { min: -1, max: 1, step: 0.001, initial: 0.95, unit: 'cosine ≥' },
  everyn: { min: 1, max: 100, step: 1, initial: 10, unit: 'every N' },
  all: { min: 0, max: 0, step: 1, initial: 0, unit: '' },
};

export const METHOD_LABELS: Record<UiMethod, string> = {
  hash: 'HASH', ssim: 'SSIM', nmi: 'NMI', deepnet: 'DeepNet', everyn: 'EveryN', all: 'ALL',
};

/** Methods that need a similarity matrix (and therefore a compute run). */
export function needsCompute(method: UiMethod): method is MethodName {
  return method !== 'everyn' && method !== 'all';
}

/** Leader clustering is the paper's released HASH loop; other methods use the greedy walk. */
export function algorithmsFor(method: UiMethod): Algorithm[] {
  return method === 'hash' ? ['greedy', 'leader'] : ['greedy'];
}

export function isUiMethod(value: string): value is UiMethod {
  return (UI_METHODS as readonly string[]).includes(value);
}

/** Clamps a threshold into a method's range and snaps it to the slider step. */
export function clampThreshold(method: UiMethod, value: number): number {
  const { min, max, step, initial } = THRESHOLD_RANGES[method];
  if (!Number.isFinite(value)) return initial;
  const snapped = Math.round((value - min) / step) * step + min;
  return Math.min(max, Math.max(min, Number(snapped.toFixed(6))));
}
