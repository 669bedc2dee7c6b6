/**
 * Checking reduction parameters at the entry point, with messages that name the method and value.
 */
import { isReductionMethod, METHODS, REDUCTION_METHODS, type MethodName } from '../methods';
import type { AlikeThreshold, ReductionParams } from './types';

// Threshold ranges, units and which algorithm applies come from the method table (core/methods).

/** The threshold object for a plain number T: maxDistance for HASH, minSimilarity for the others. */
export function alikeThreshold(method: MethodName, threshold: number): AlikeThreshold {
  return METHODS[method].threshold === 'maxDistance' ? { maxDistance: threshold } : { minSimilarity: threshold };
}

/** The plain threshold number of params that have one, else undefined. */
export function thresholdOf(params: ReductionParams): number | undefined {
  if ('maxDistance' in params) return params.maxDistance;
  if ('minSimilarity' in params) return params.minSimilarity;
  return undefined;
}

/** Throws a RangeError naming the method and the bad value; n (when known) bounds a target count. */
export function validateParams(params: ReductionParams, n?: number): void {
  const method: string = params.method;
  if (!isReductionMethod(method)) throw new RangeError(`unknown reduction method '${method}' (expected ${REDUCTION_METHODS.join(', ')})`);
  if (params.method === 'all') return;
  if (params.method === 'everyn') {
    if (!Number.isInteger(params.every) || params.every < 1) throw new RangeError(`everyn: every must be an integer >= 1, got ${params.every}`);
    return;
  }
  const algorithm: string = params.algorithm;
  if (algorithm !== 'greedy' && algorithm !== 'leader') throw new RangeError(`${method}: unknown algorithm '${algorithm}' (expected greedy or leader)`);
  if (!(METHODS[params.method].algorithms as readonly string[]).includes(algorithm)) throw new RangeError(`${method}: the leader algorithm is defined for hash only (the paper's released HASH loop); use greedy`);
  if ('drop' in params && params.drop !== undefined && params.drop !== 'later' && params.drop !== 'earlier') {
    throw new RangeError(`${method}: drop must be 'later' or 'earlier', got '${String(params.drop)}'`);
  }
  validateStop(params, n);
}

function validateStop(params: Exclude<ReductionParams, { method: 'all' | 'everyn' }>, n?: number): void {
  const { method } = params;
  const stops = ['maxDistance', 'minSimilarity', 'keepFraction', 'targetCount'].filter((k) => k in params);
  if (stops.length !== 1) throw new RangeError(`${method}: give exactly one of a threshold, keepFraction or targetCount (got ${stops.join(', ') || 'none'})`);
  if ('keepFraction' in params) {
    const f = params.keepFraction;
    if (!(f > 0 && f <= 1)) throw new RangeError(`${method}: keepFraction ${f} must be in (0, 1]`);
    return;
  }
  if ('targetCount' in params) {
    const k = params.targetCount;
    const max = n ?? Infinity;
    if (!Number.isInteger(k) || k < 1 || k > max) throw new RangeError(`${method}: targetCount ${k} must be an integer in 1..${max}`);
    return;
  }
  const facts = METHODS[method];
  const wanted = facts.threshold;
  if (!(wanted in params)) throw new RangeError(`${method}: scores are ${facts.kind}s, so the threshold is ${wanted}`);
  const t = thresholdOf(params) as number;
  const { range } = facts;
  if (!(t >= range.min && t <= range.max)) throw new RangeError(`${method}: ${wanted} ${t} is outside ${range.min}..${range.max} (${facts.unit})`);
}
