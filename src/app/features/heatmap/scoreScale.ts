/**
 * Maps similarity-matrix scores to colour-map positions so that "alike" is always the same colour:
 * for a similarity (SSIM, NMI, DeepNet) alike = high score, for a distance (HASH) alike = low score.
 *
 *   similarity: t = (v - min) / (max - min)
 *   distance:   t = (max - v) / (max - min)
 *
 * t = 1 is "most alike" (bright end of viridis). When max == min every finite score maps to t = 1.
 */
import { METHODS, SIMILARITY_METHODS, type MethodName, type ScoreKind } from '../../../core/methods';

export interface ScoreRange {
  min: number;
  max: number;
}

/**
 * Finite min..max of an n×n row-major matrix. The diagonal (a slice against itself: distance 0,
 * SSIM 1, NMI 2) is left out when n > 1, because it would stretch the scale and flatten the
 * contrast between real pairs; diagonal cells are then clamped to the alike end. NaN/±Inf are
 * skipped. A matrix with no finite off-diagonal score gives {min: 0, max: 0}.
 */
export function scoreRange(matrix: Float64Array, n: number): ScoreRange {
  if (matrix.length !== n * n) throw new Error(`matrix has ${matrix.length} entries, expected n*n = ${n * n}`);
  let min = Infinity;
  let max = -Infinity;
  const skipDiagonal = n > 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (skipDiagonal && i === j) continue;
      const v = matrix[i * n + j];
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : { min: 0, max: 0 };
}

/** Colour-map position t in [0, 1] of score v (see the file comment); NaN for non-finite v. */
export function alikeness(v: number, range: ScoreRange, kind: ScoreKind): number {
  if (!Number.isFinite(v)) return NaN;
  const span = range.max - range.min;
  if (span <= 0) return 1;
  const t = kind === 'similarity' ? (v - range.min) / span : (range.max - v) / span;
  return Math.min(1, Math.max(0, t));
}

/** Inverse of `alikeness`: the score at colour-map position t. */
export function scoreAt(t: number, range: ScoreRange, kind: ScoreKind): number {
  const span = range.max - range.min;
  return kind === 'similarity' ? range.min + t * span : range.max - t * span;
}

/** A negative number with a real minus sign (−1), as typeset ranges want. */
function typeset(x: number): string {
  return x < 0 ? `−${-x}` : String(x);
}

/** Human name of each method's score, with its units and natural range (from core/methods), e.g. "SSIM (−1…1)". */
export const METHOD_UNITS = Object.fromEntries(
  SIMILARITY_METHODS.map((m) => {
    const { unit, range } = METHODS[m];
    return [m, unit.endsWith(')') ? `${unit.slice(0, -1)}, ${typeset(range.min)}–${typeset(range.max)})` : `${unit} (${typeset(range.min)}…${typeset(range.max)})`];
  }),
) as Record<MethodName, string>;

/** Short label of each method for tooltips and legends. */
export const METHOD_LABELS = Object.fromEntries(SIMILARITY_METHODS.map((m) => [m, METHODS[m].label])) as Record<MethodName, string>;

/**
 * Formats a score for display: HASH distances are integers, the others get 4 significant decimals
 * (enough to tell SSIM 0.9731 from 0.9734). Non-finite values print as "—".
 */
export function formatScore(v: number, method: MethodName): string {
  if (!Number.isFinite(v)) return '—';
  if (method === 'hash') return String(Math.round(v));
  return v.toFixed(4);
}
