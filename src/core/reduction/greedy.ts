/**
 * The pairwise greedy reduction (the paper's prose), computed once for every threshold.
 *
 * ## Method
 * Order all pairs i<j by their score M[i][j], most alike first (distance ascending, similarity
 * descending); ties by (i, j) ascending. Walk the order; when both slices of a pair are still kept,
 * drop one of them: j by default (`drop: 'later'`), i with `drop: 'earlier'`. The paper leaves
 * this choice open; the golden fixture uses 'later'.
 *
 * The walk order does not depend on the threshold T, and every pair with a score alike under T
 * comes before every pair that is not. So a walk stopped at T performs exactly the removals of the
 * full walk whose pair score is alike under T. Walking to the end once gives each slice its
 * *survival score* (the score of the pair that dropped it) and then:
 *   kept(T) = { i : survival[i] > T }  (distance)    kept(T) = { i : survival[i] < T }  (similarity)
 * an O(n) filter; a target count k keeps all but the first n-k slices of the removal order.
 *
 * ## Special cases
 * The one slice the full walk never drops survives with +Infinity (distance) / -Infinity
 * (similarity), so it is kept at every threshold. n = 0 and n = 1 walk nothing.
 *
 * @example
 *   const walk = greedyWalk({ n, kind: 'distance', matrix });
 *   keptAtThreshold(walk, 6);  // HASH, Hamming distance <= 6 counts as alike
 *   keptAtCount(walk, 10);     // exactly 10 slices
 */
import type { DropRule, ScoreMatrix } from './types';
import { isAlike, validateScores } from './scores';

/** The visit order and tie-break, stated once for docs and manifests. */
export const GREEDY_PAIR_ORDER = 'pairs i<j scored M[i][j], most alike first; ties by (i, j) ascending';

export interface GreedyWalk {
  n: number;
  kind: ScoreMatrix['kind'];
  drop: DropRule;
  order: typeof GREEDY_PAIR_ORDER;
  /** Slices in the order the full walk dropped them (n-1 entries for n >= 1). */
  removalOrder: Int32Array;
  /** Per slice: score of the pair that dropped it; ±Infinity for the slice never dropped. */
  survival: Float64Array;
  /** Per slice: the other slice of the pair that dropped it; -1 for the slice never dropped. */
  removedBy: Int32Array;
  /** Score of the least alike pair of all (NaN when n < 2): tells 'threshold' from 'exhausted'. */
  leastAlikeScore: number;
}

/** Sorts every pair once and walks until one slice is left; O(P log P) for P = n(n-1)/2 pairs. */
export function greedyWalk(scores: ScoreMatrix, opts: { drop?: DropRule } = {}): GreedyWalk {
  validateScores(scores);
  const { n, kind, matrix } = scores;
  const drop = opts.drop ?? 'later';
  if (drop !== 'later' && drop !== 'earlier') throw new RangeError(`greedy: drop must be 'later' or 'earlier', got '${String(drop)}'`);
  const pairs = sortedPairs(scores);
  const survival = new Float64Array(n).fill(kind === 'distance' ? Infinity : -Infinity);
  const removedBy = new Int32Array(n).fill(-1);
  const removalOrder = new Int32Array(Math.max(0, n - 1));
  const alive = new Uint8Array(n).fill(1);
  let removed = 0;
  for (let p = 0; p < pairs.length && removed < n - 1; p++) {
    const id = pairs[p];
    const i = Math.floor(id / n);
    const j = id - i * n;
    if (!alive[i] || !alive[j]) continue;
    const [victim, keeper] = drop === 'later' ? [j, i] : [i, j];
    alive[victim] = 0;
    survival[victim] = matrix[id];
    removedBy[victim] = keeper;
    removalOrder[removed++] = victim;
  }
  const leastAlikeScore = pairs.length ? matrix[pairs[pairs.length - 1]] : NaN;
  return { n, kind, drop, order: GREEDY_PAIR_ORDER, removalOrder, survival, removedBy, leastAlikeScore };
}

/**
 * Pair ids `i*n + j` (i<j), sorted most alike first, ties by id (= (i, j) ascending).
 * One native sort finds the distinct scores; each pair's rank among them (binary search) then
 * drives a counting sort, which is stable, so pairs of equal score stay in (i, j) order.
 * O(P log P) for P pairs, without a JavaScript comparator.
 */
function sortedPairs({ n, kind, matrix }: ScoreMatrix): Uint32Array {
  if (n * n > 2 ** 32) throw new RangeError(`greedy: n = ${n} slices is too many for one pool (max 65536)`);
  const count = (n * (n - 1)) / 2;
  const values = new Float64Array(count);
  let q = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) values[q++] = matrix[i * n + j];
  const distinct = uniqueSorted(values);
  const last = distinct.length - 1;
  const ranks = new Uint32Array(count);
  const starts = new Uint32Array(distinct.length + 1);
  for (q = 0; q < count; q++) {
    const rank = lowerBound(distinct, values[q]);
    ranks[q] = kind === 'distance' ? rank : last - rank;
    starts[ranks[q] + 1]++;
  }
  for (let r = 1; r < starts.length; r++) starts[r] += starts[r - 1];
  const sorted = new Uint32Array(count);
  q = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sorted[starts[ranks[q++]]++] = i * n + j;
  return sorted;
}

/** The distinct values, ascending. */
function uniqueSorted(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let m = 0;
  for (let q = 0; q < sorted.length; q++) if (m === 0 || sorted[q] !== sorted[m - 1]) sorted[m++] = sorted[q];
  return sorted.subarray(0, m);
}

/** Index of x in the ascending array (x is present). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Kept slices (ascending) of the walk stopped at threshold T. O(n). */
export function keptAtThreshold(walk: GreedyWalk, threshold: number): number[] {
  if (Number.isNaN(threshold)) throw new RangeError('greedy: threshold is NaN');
  const kept: number[] = [];
  for (let i = 0; i < walk.n; i++) if (!isAlike(walk.kind, walk.survival[i], threshold)) kept.push(i);
  return kept;
}

/** Why the walk stopped at threshold T: 'threshold' if some pair is not alike under T, else 'exhausted'. */
export function stopReasonAtThreshold(walk: GreedyWalk, threshold: number): 'threshold' | 'exhausted' {
  return walk.n >= 2 && !isAlike(walk.kind, walk.leastAlikeScore, threshold) ? 'threshold' : 'exhausted';
}

/** Kept slices (ascending) when the walk stops as soon as `count` slices are left. O(n). */
export function keptAtCount(walk: GreedyWalk, count: number): number[] {
  const min = Math.min(1, walk.n);
  if (!Number.isInteger(count) || count < min || count > walk.n) {
    throw new RangeError(`greedy: target count ${count} must be an integer in ${min}..${walk.n}`);
  }
  const dropped = new Uint8Array(walk.n);
  for (let r = 0; r < walk.n - count; r++) dropped[walk.removalOrder[r]] = 1;
  const kept: number[] = [];
  for (let i = 0; i < walk.n; i++) if (!dropped[i]) kept.push(i);
  return kept;
}

/** Slices the walk must leave for keep fraction f: `max(1, floor(f*n + 0.5))` (0 when n = 0). */
export function targetCountForFraction(n: number, fraction: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`keep fraction ${fraction} must be in (0, 1]`);
  return n === 0 ? 0 : Math.max(1, Math.floor(fraction * n + 0.5));
}

/**
 * One point of the kept-vs-threshold curve: at `threshold` (and up to the next point's threshold,
 * exclusive) the walk keeps `kept` slices. For thresholds less permissive than the first point
 * (distance: below it; similarity: above it) every slice is kept.
 */
export interface CurvePoint {
  threshold: number;
  kept: number;
  keptFraction: number;
}

/**
 * Kept count against threshold, one point per distinct survival score, ordered from the strictest
 * threshold to the most permissive. O(n): survival scores are monotone along the removal order.
 */
export function reductionCurve(walk: GreedyWalk): CurvePoint[] {
  const points: CurvePoint[] = [];
  const { n, removalOrder, survival } = walk;
  for (let r = 0; r < removalOrder.length; r++) {
    const s = survival[removalOrder[r]];
    const isLastOfRun = r + 1 === removalOrder.length || survival[removalOrder[r + 1]] !== s;
    if (isLastOfRun) points.push({ threshold: s, kept: n - r - 1, keptFraction: (n - r - 1) / n });
  }
  return points;
}
