/**
 * Types of the reduction engine: which slices of a volume (or a pool of volumes) to keep, why,
 * and which kept slice stands in for each dropped one. Everything here is plain, serialisable data.
 */
import type { MethodName, ScoreKind } from '../methods';

export type { ReductionMethod } from '../methods';

/**
 * A pairwise score matrix: the part of a SimilarityResult the reduction needs.
 * Only the upper triangle is read (score of pair i<j is `matrix[i*n + j]`), exactly like the
 * reference code; NMI matrices are asymmetric by ~1e-15, so this choice matters for ties.
 */
export interface ScoreMatrix {
  n: number;
  /** 'distance': lower = more alike (HASH). 'similarity': higher = more alike (SSIM, NMI, DeepNet). */
  kind: ScoreKind;
  /** Row-major n×n. */
  matrix: Float64Array;
}

/** Which slice of an alike pair (i<j) the greedy walk drops: 'later' = j (default), 'earlier' = i. */
export type DropRule = 'later' | 'earlier';

/** 'greedy' = the paper's pairwise walk; 'leader' = the paper's released HASH loop. */
export type ReductionAlgorithm = 'all' | 'everyn' | 'greedy' | 'leader';

/**
 * When two slices count as alike. The name says which way the threshold points:
 * HASH is a distance (alike when distance <= maxDistance), the others are similarities
 * (alike when similarity >= minSimilarity).
 */
export type AlikeThreshold = { maxDistance: number } | { minSimilarity: number };

/** How far the greedy walk goes: up to a threshold, or until a number of slices is left. */
export type GreedyStop = AlikeThreshold | { keepFraction: number } | { targetCount: number };

export type ReductionParams =
  | { method: 'all' }
  | { method: 'everyn'; every: number }
  | ({ method: MethodName; algorithm: 'greedy'; drop?: DropRule } & GreedyStop)
  | ({ method: MethodName; algorithm: 'leader' } & AlikeThreshold);

/**
 * Why a reduction stopped. 'threshold': the next pair was no longer alike; 'target_reached': the
 * kept count hit the target; 'exhausted': every pair was walked (or the leader pool emptied);
 * 'baseline': ALL / EveryN, no walk.
 */
export type StopReason = 'threshold' | 'target_reached' | 'exhausted' | 'baseline';

/**
 * Why a slice ended up kept or dropped:
 * - 'all': ALL keeps everything; 'every-n' / 'not-every-n': EveryN (i % N == 0 or not);
 * - 'survivor': never dropped by the greedy walk before it stopped;
 * - 'alike-pair': dropped by the greedy walk as one slice of an alike pair (see removedBy);
 * - 'exemplar' / 'near-exemplar': leader loop, chosen as exemplar or within the threshold of one.
 * A reviewer's override changes `kept` and sets `override`; the reason stays the algorithm's.
 */
export type SliceReason =
  | 'all'
  | 'every-n'
  | 'not-every-n'
  | 'survivor'
  | 'alike-pair'
  | 'exemplar'
  | 'near-exemplar';

/** A reviewer's decision for one slice, recorded as such in manifests. */
export type Override = 'keep' | 'drop';

export interface SliceDecision {
  index: number;
  kept: boolean;
  reason: SliceReason;
  /**
   * Dropped slices, when scores are known: the most alike slice of the final kept set (ties: the
   * smaller index) and the pair score between them (upper-triangle entry M[min][max]).
   */
  nearestKept?: number;
  score?: number;
  /** Dropped slices: the slice of the pair (greedy) or the exemplar (leader) that removed it, and that pair's score. */
  removedBy?: number;
  removedScore?: number;
  /** Dataset-wide reductions only: the volume of nearestKept / removedBy when it is not this slice's own. */
  nearestKeptVolume?: string;
  removedByVolume?: string;
  override?: Override;
}

export interface ReductionResult {
  n: number;
  /** Ascending slice indices. */
  kept: number[];
  /** Ascending slice indices. */
  dropped: number[];
  /** One entry per slice, in slice order. */
  perSlice: SliceDecision[];
  params: ReductionParams;
  stopReason: StopReason;
  /** Greedy target runs: the number of slices the walk had to leave. */
  targetCount?: number;
}
