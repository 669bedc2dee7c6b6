/**
 * One pre-training step as the panel sees it: contract B's StepMetrics (core/ssl) — loss, the
 * collapse diagnostics (ln K, per-sample and batch-mean softmax entropy, prototypes used),
 * learning rate, throughput and ETA.
 */
import type { StepMetrics } from '../../../core/ssl';

export type PretrainMetrics = StepMetrics;

/** At most `max` points for a chart: every k-th step plus always the last one. */
export function thinned<T>(points: readonly T[], max = 400): T[] {
  if (points.length <= max) return [...points];
  const every = Math.ceil(points.length / max);
  const out = points.filter((_, k) => k % every === 0);
  if (out[out.length - 1] !== points[points.length - 1]) out.push(points[points.length - 1]);
  return out;
}
