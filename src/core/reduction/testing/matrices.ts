/** Test helpers: seeded random score matrices (deterministic, no fixtures needed). */
import type { ScoreMatrix } from '../types';
import { seededRandom } from '../../testing/seededRandom';

/**
 * A symmetric n×n matrix: integer Hamming-like distances 0..64 (many ties) for 'distance',
 * floats in [0, 1) for 'similarity'. Diagonal: 0 distance / 1 similarity.
 */
export function randomScores(n: number, kind: ScoreMatrix['kind'], seed: number): ScoreMatrix {
  const rand = seededRandom(seed);
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = kind === 'distance' ? 0 : 1;
    for (let j = i + 1; j < n; j++) {
      const s = kind === 'distance' ? Math.floor(rand() * 65) : rand();
      matrix[i * n + j] = s;
      matrix[j * n + i] = s;
    }
  }
  return { n, kind, matrix };
}
