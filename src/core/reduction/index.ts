/** Public API of the reduction engine (see docs/reduction.md). */
export type * from './types';
export { greedyWalk, keptAtThreshold, keptAtCount, reductionCurve, stopReasonAtThreshold, targetCountForFraction, GREEDY_PAIR_ORDER } from './greedy';
export type { GreedyWalk, CurvePoint } from './greedy';
export { leaderCurve, leaderReduce } from './leader';
export type { LeaderResult } from './leader';
export { keepAll, everyN } from './baselines';
export { reduce } from './reduce';
export type { ReduceOptions } from './reduce';
export { validateParams, alikeThreshold, thresholdOf } from './params';
export { pairScore, isAlike, validateScores, scoreMatrixFromRows } from './scores';
export { nearestKeptSlices } from './representatives';
export type { Representative } from './representatives';
export { reducePool, poolStacks, poolOffsets } from './pool';
export type { PoolMember, PoolReductionResult } from './pool';
export { compareKeptSets, keptByMethod, agreementTable } from './agreement';
export type { KeptSetAgreement, NamedKeptSet } from './agreement';
export { applyOverrides, overridesOf } from './overrides';
export type { OverrideMap } from './overrides';
