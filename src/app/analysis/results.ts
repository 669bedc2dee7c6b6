/**
 * Module-level registry of similarity matrices (too big for the store), keyed by result key
 * (see store/analysisSlice.resultKey). The greedy walk of each matrix is computed once, lazily,
 * so the threshold slider only filters survival scores.
 */
import { greedyWalk, type GreedyWalk } from '../../core/reduction/greedy';
import type { ScoreMatrix } from '../../core/reduction/types';

export interface StoredResult {
  scores: ScoreMatrix;
  hashes?: string[];
  backend: string;
  params: Record<string, unknown>;
}

const results = new Map<string, StoredResult>();
const walks = new Map<string, GreedyWalk>();

export function storeResult(key: string, result: StoredResult): void {
  results.set(key, result);
  walks.delete(key);
}

export function getResult(key: string): StoredResult | undefined {
  return results.get(key);
}

/** The full greedy walk (drop later) for a stored result; computed on first use. */
export function getWalk(key: string): GreedyWalk | undefined {
  const result = results.get(key);
  if (!result) return undefined;
  let walk = walks.get(key);
  if (!walk) {
    walk = greedyWalk(result.scores, { drop: 'later' });
    walks.set(key, walk);
  }
  return walk;
}
