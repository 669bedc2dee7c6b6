/**
 * The registry of similarity matrices (too big for the store), keyed by result key (see
 * store/analysisSlice.resultKey); one per store (AppServices). The greedy walk of each matrix is
 * computed once, lazily, so the threshold slider only filters survival scores.
 */
import { greedyWalk, type GreedyWalk } from '../../core/reduction/greedy';
import type { ScoreMatrix } from '../../core/reduction/types';

export interface StoredResult {
  scores: ScoreMatrix;
  hashes?: string[];
  backend: string;
  params: Record<string, unknown>;
}

export class ResultRegistry {
  private readonly results = new Map<string, StoredResult>();
  private readonly walks = new Map<string, GreedyWalk>();

  store(key: string, result: StoredResult): void {
    this.results.set(key, result);
    this.walks.delete(key);
  }

  get(key: string): StoredResult | undefined {
    return this.results.get(key);
  }

  /** The full greedy walk (drop later) for a stored result; computed on first use. */
  walk(key: string): GreedyWalk | undefined {
    const result = this.results.get(key);
    if (!result) return undefined;
    let walk = this.walks.get(key);
    if (!walk) {
      walk = greedyWalk(result.scores, { drop: 'later' });
      this.walks.set(key, walk);
    }
    return walk;
  }
}
