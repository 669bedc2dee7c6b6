/** A seeded sample of at most `max` of `n` indices, in ascending order (all of them when n ≤ max). */
import { createRng, shuffleInPlace } from '../eval/random';

export const MAX_ANALYSIS_IMAGES = 512;

export function sampleIndices(pool: readonly number[], max: number, seed: number): number[] {
  if (pool.length <= max) return [...pool];
  return shuffleInPlace([...pool], createRng(seed)).slice(0, max).sort((a, b) => a - b);
}
