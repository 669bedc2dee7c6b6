/**
 * Paired-seed statistics (DESIGN.md "Experiments that can answer…"): seed s of every arm and of
 * random init start from the same initial weights, so arms are compared seed by seed.
 *
 * - Per seed, a metric is the mean over that seed's evaluation runs (seedMetrics).
 * - Arm b vs arm a over the n seeds both have: d_s = m_b(s) − m_a(s); meanDiff = mean(d);
 *   ci95 = meanDiff ± t(0.975, n − 1) · sd(d) / √n (sample sd, ddof 1; n ≥ 2).
 * - Verdict: "b better" when the interval lies above 0, "a better" when below, else
 *   "no difference shown" (also with fewer than 2 pairs, where no interval exists).
 * - Seeds needed (seedsNeeded): the smallest n ≥ 2 with t(0.975, n − 1) · sd(d) / √n < δ, i.e. the
 *   seeds at which the observed spread of the differences would give an interval narrower than a
 *   true difference of δ (so a difference of δ would be shown about half the time: the interval
 *   is centred on the estimate). For the paper's effect sizes δ = 0.02 and 0.05 AUC.
 */
import { mean, std } from './metrics';
import { studentTQuantile } from './studentT';
import type { RunMetrics } from './types';

export type MetricName = keyof RunMetrics;
export const METRICS: readonly MetricName[] = ['auc', 'f1', 'accuracy'];

export type Verdict = 'b better' | 'a better' | 'no difference shown';

/** The difference sizes the paper reports between arms (AUC 0.78 → 0.83 and 0.73 → 0.83 are larger). */
export const PAPER_DIFFERENCES: readonly number[] = [0.02, 0.05];

/** Seeds beyond which seedsNeeded answers null ("more than this"). */
export const MAX_SEEDS = 10000;

/** One seed's metrics (already the mean over that seed's evaluation runs). */
export interface SeedMetrics extends RunMetrics {
  seed: number;
}

export interface SeedsNeeded {
  /** The difference to be shown (metric units, e.g. 0.02 AUC). */
  difference: number;
  /** Seeds the observed spread would need; null when more than MAX_SEEDS, or unknown (< 2 pairs). */
  seeds: number | null;
}

export interface PairedComparison {
  a: string;
  b: string;
  metric: MetricName;
  /** Seeds both arms have. */
  pairs: number;
  meanDiff: number;
  /** The 95% paired-t interval of meanDiff; null with fewer than 2 pairs. */
  ci95: [number, number] | null;
  verdict: Verdict;
  /** Sample sd of the per-seed differences (null with fewer than 2 pairs). */
  sdDiff: number | null;
  seedsNeeded: SeedsNeeded[];
}

/** A seed's metric: the mean over that seed's evaluation runs. */
export function seedMetrics(seed: number, runs: readonly RunMetrics[]): SeedMetrics {
  if (runs.length === 0) throw new Error(`seed ${seed}: no evaluation runs`);
  return { seed, auc: mean(runs.map((r) => r.auc)), f1: mean(runs.map((r) => r.f1)), accuracy: mean(runs.map((r) => r.accuracy)) };
}

/** Half-width of the 95% t interval of a mean of n values with sample sd `sd`. */
export function halfWidth95(sd: number, n: number): number {
  return n < 2 ? NaN : (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
}

/** Mean, sample sd and 95% interval of a metric over seeds (an arm's summary). */
export function seedSummary(values: readonly number[]): { mean: number; std: number | null; ci95: [number, number] | null } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, std: null, ci95: null };
  const s = std(values);
  const h = halfWidth95(s, values.length);
  return { mean: m, std: s, ci95: [m - h, m + h] };
}

/** Seeds the observed sd of the differences would need for an interval narrower than `difference`. */
export function seedsNeeded(sdDiff: number, difference: number): number | null {
  if (!(difference > 0) || !Number.isFinite(sdDiff) || sdDiff < 0) return null;
  if (sdDiff === 0) return 2;
  // t(0.975, n−1) ≥ 1.96, so n ≥ (1.96·sd/δ)² is a lower bound to start from; t falls with n.
  let n = Math.max(2, Math.floor(((1.959963984540054 * sdDiff) / difference) ** 2));
  if (n > MAX_SEEDS) return null;
  while (halfWidth95(sdDiff, n) >= difference) {
    n++;
    if (n > MAX_SEEDS) return null;
  }
  return n;
}

export function verdictOf(ci95: [number, number] | null): Verdict {
  if (!ci95) return 'no difference shown';
  if (ci95[0] > 0) return 'b better';
  if (ci95[1] < 0) return 'a better';
  return 'no difference shown';
}

/** Arm b vs arm a on one metric, paired by seed (seeds only one of them has are left out). */
export function pairedComparison(a: { name: string; seeds: readonly SeedMetrics[] }, b: { name: string; seeds: readonly SeedMetrics[] }, metric: MetricName, differences: readonly number[] = PAPER_DIFFERENCES): PairedComparison {
  const byA = new Map(a.seeds.map((s) => [s.seed, s[metric]]));
  const d = b.seeds.filter((s) => byA.has(s.seed)).map((s) => s[metric] - (byA.get(s.seed) as number));
  if (d.length === 0) throw new Error(`${b.name} vs ${a.name}: no seed in common`);
  const meanDiff = mean(d);
  const sdDiff = d.length >= 2 ? std(d) : null;
  const h = sdDiff === null ? NaN : halfWidth95(sdDiff, d.length);
  const ci95: [number, number] | null = sdDiff === null ? null : [meanDiff - h, meanDiff + h];
  return {
    a: a.name,
    b: b.name,
    metric,
    pairs: d.length,
    meanDiff,
    ci95,
    verdict: verdictOf(ci95),
    sdDiff,
    seedsNeeded: differences.map((difference) => ({ difference, seeds: sdDiff === null ? null : seedsNeeded(sdDiff, difference) })),
  };
}
