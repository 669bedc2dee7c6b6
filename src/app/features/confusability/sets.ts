/**
 * Which slice sets the confusability chart measures for the method on screen: ALL, then the kept
 * set at a few thresholds spread over the kept-vs-threshold curve (HASH: whole bits, with the
 * paper's T = 3, 6, 12 always among them). Sets with the same kept slices are measured once.
 * Pure, so it is tested without the worker.
 */
import type { GreedyWalk } from '../../../core/reduction/greedy';
import type { ScoreMatrix } from '../../../core/reduction/types';
import { decideSlices } from '../../analysis/decisions';
import type { Algorithm, UiMethod } from '../../store/methods';
import { PAPER_HASH_THRESHOLDS, type CurvePoint } from '../curve/curveGeometry';

/** One point of the chart: a threshold (null: ALL) and the slices it keeps. */
export interface ChartSet {
  threshold: number | null;
  kept: number[];
}

const HASH_THRESHOLDS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24];
const SIMILARITY_POINTS = 8;

/** Thresholds to measure: HASH's fixed list within the curve's range, else ~8 spread evenly in kept fraction. */
export function chartThresholds(method: UiMethod, curve: readonly CurvePoint[]): number[] {
  if (curve.length === 0) return [];
  if (method === 'hash') {
    const top = Math.max(...curve.map((p) => p.threshold));
    return HASH_THRESHOLDS.filter((t) => t <= Math.max(top, ...PAPER_HASH_THRESHOLDS));
  }
  const byKept = [...curve].sort((a, b) => a.keptFraction - b.keptFraction);
  const lo = byKept[0].keptFraction;
  const hi = byKept[byKept.length - 1].keptFraction;
  const picks = new Set<number>();
  for (let k = 0; k < SIMILARITY_POINTS; k++) {
    const target = lo + ((hi - lo) * k) / (SIMILARITY_POINTS - 1);
    const nearest = byKept.reduce((best, p) => (Math.abs(p.keptFraction - target) < Math.abs(best.keptFraction - target) ? p : best));
    picks.add(nearest.threshold);
  }
  return [...picks].sort((a, b) => a - b);
}

export interface SetsInput {
  method: UiMethod;
  algorithm: Algorithm;
  n: number;
  scores: ScoreMatrix;
  walk?: GreedyWalk;
  curve: readonly CurvePoint[];
}

/** ALL first, then each threshold's kept set (the reduction the slider would give, without overrides). */
export function chartSets(input: SetsInput): ChartSet[] {
  const all: ChartSet = { threshold: null, kept: Array.from({ length: input.n }, (_, i) => i) };
  const sets = chartThresholds(input.method, input.curve).map((threshold) => {
    const d = decideSlices({ method: input.method, algorithm: input.algorithm, thresholdMode: 'threshold', threshold, keepPercent: 100, n: input.n, scores: input.scores, walk: input.algorithm === 'greedy' ? input.walk : undefined });
    return { threshold, kept: d ? [...d.kept] : all.kept };
  });
  return [all, ...sets];
}

/** Distinct kept sets (by content) and, per chart set, the index of its distinct set. */
export function distinctSets(sets: readonly ChartSet[]): { unique: number[][]; index: number[] } {
  const seen = new Map<string, number>();
  const unique: number[][] = [];
  const index = sets.map((s) => {
    const key = s.kept.join(',');
    let at = seen.get(key);
    if (at === undefined) {
      at = unique.length;
      seen.set(key, at);
      unique.push(s.kept);
    }
    return at;
  });
  return { unique, index };
}
