/**
 * Which fields of two pre-training configs differ in a way that changes the run, as "field a → b"
 * sentences for error messages. The run's length (steps, epochs, time budget) and the preset label
 * may differ. Fields added after a checkpoint was made compare by their defaults: `method` absent is
 * SwAV; `jitterStrength` / `blurProbability` absent are SwAV's 0.8 / 0.5 (multiCrop.ts), and MIM's view
 * uses neither (crop and flip only), so for MIM they never differ.
 */
import { SWAV_BLUR_PROBABILITY, SWAV_JITTER_STRENGTH } from './multiCrop';
import type { PretrainConfig } from './types';

const FREE = new Set<keyof PretrainConfig>(['steps', 'epochs', 'timeBudgetSeconds', 'preset']);

/** A field's value as compared (defaults filled in for fields older configs lack). */
export function effectiveValue(c: PretrainConfig, k: keyof PretrainConfig): unknown {
  const method = c.method ?? 'swav';
  if (k === 'method') return method;
  if (k === 'jitterStrength') return method === 'mim' ? undefined : (c.jitterStrength ?? SWAV_JITTER_STRENGTH);
  if (k === 'blurProbability') return method === 'mim' ? undefined : (c.blurProbability ?? SWAV_BLUR_PROBABILITY);
  return c[k];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** "field a → b" for every field (outside the run's length) whose effective values differ. */
export function configDifferences(a: PretrainConfig, b: PretrainConfig): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof PretrainConfig)[]);
  return [...keys]
    .filter((k) => !FREE.has(k) && !same(effectiveValue(a, k), effectiveValue(b, k)))
    .map((k) => `${k} ${JSON.stringify(effectiveValue(a, k)) ?? 'absent'} → ${JSON.stringify(effectiveValue(b, k)) ?? 'absent'}`);
}
