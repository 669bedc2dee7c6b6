/**
 * Dataset-wide reduction: all loaded volumes as one pool of slices.
 *
 * The pool concatenates the volumes' slices in the order given (volume 0's slices first, then
 * volume 1's...). Scores come as one block matrix over the N = Σ n_v pooled slices, with the
 * cross-volume blocks filled in: compute it with the similarity engine on `poolStacks(stacks)`.
 * The reduction then runs on the pool exactly as on one volume (ties by pooled index, keep
 * fraction and target count over N) and the result is split back into one result per volume,
 * in local slice indices; a representative in another volume is named by `nearestKeptVolume`.
 */
import type { SliceStack } from '../volume/types';
import type { ReductionParams, ReductionResult, ScoreMatrix, SliceDecision, StopReason } from './types';
import { reduce, type ReduceOptions } from './reduce';

export interface PoolMember {
  id: string;
  /** Slices of this volume. */
  n: number;
}

export interface PoolReductionResult {
  params: ReductionParams;
  stopReason: StopReason;
  targetCount?: number;
  /** The reduction over the pooled indices. */
  pooled: ReductionResult;
  /** The same decisions per volume, in local indices. */
  volumes: { id: string; result: ReductionResult }[];
}

/** Start offset of each member in the pool, plus the total N. Ids must be unique. */
export function poolOffsets(members: readonly PoolMember[]): { offsets: number[]; total: number } {
  const seen = new Set<string>();
  const offsets: number[] = [];
  let total = 0;
  for (const m of members) {
    if (seen.has(m.id)) throw new RangeError(`pool: volume id '${m.id}' appears twice`);
    if (!Number.isInteger(m.n) || m.n < 0) throw new RangeError(`pool: volume '${m.id}' has an invalid slice count ${m.n}`);
    seen.add(m.id);
    offsets.push(total);
    total += m.n;
  }
  return { offsets, total };
}

/** Concatenates 8-bit slice stacks of one size into one pooled stack (copies the pixels). */
export function poolStacks(stacks: readonly SliceStack[]): SliceStack {
  if (stacks.length === 0) throw new RangeError('pool: no volumes to pool');
  const { rows, cols } = stacks[0];
  stacks.forEach((s, v) => {
    if (s.rows !== rows || s.cols !== cols) throw new RangeError(`pool: volume ${v} has ${s.rows}×${s.cols} slices, volume 0 has ${rows}×${cols}; resample to one size first`);
  });
  const n = stacks.reduce((sum, s) => sum + s.n, 0);
  const pixels = new Uint8Array(n * rows * cols);
  let at = 0;
  for (const s of stacks) {
    pixels.set(s.pixels.subarray(0, s.n * rows * cols), at);
    at += s.n * rows * cols;
  }
  return { n, rows, cols, pixels };
}

/** Reduces the pooled slices as one set and splits the decisions back per volume. */
export function reducePool(members: readonly PoolMember[], scores: ScoreMatrix | number, params: ReductionParams, opts?: ReduceOptions): PoolReductionResult {
  const { offsets, total } = poolOffsets(members);
  const n = typeof scores === 'number' ? scores : scores.n;
  if (n !== total) throw new RangeError(`pool: the score matrix covers ${n} slices but the volumes hold ${total}`);
  const pooled = reduce(scores, params, opts);
  const locate = (g: number): { v: number; local: number } => {
    let v = offsets.length - 1;
    while (offsets[v] > g) v--;
    return { v, local: g - offsets[v] };
  };
  const volumes = members.map((m, v) => {
    const base = offsets[v];
    const perSlice = pooled.perSlice.slice(base, base + m.n).map((d) => localDecision(d, v, base, members, locate));
    const kept = perSlice.filter((d) => d.kept).map((d) => d.index);
    const dropped = perSlice.filter((d) => !d.kept).map((d) => d.index);
    const result: ReductionResult = { n: m.n, kept, dropped, perSlice, params, stopReason: pooled.stopReason };
    return { id: m.id, result };
  });
  const out: PoolReductionResult = { params, stopReason: pooled.stopReason, pooled, volumes };
  if (pooled.targetCount !== undefined) out.targetCount = pooled.targetCount;
  return out;
}

function localDecision(
  d: SliceDecision,
  v: number,
  base: number,
  members: readonly PoolMember[],
  locate: (g: number) => { v: number; local: number },
): SliceDecision {
  const out: SliceDecision = { ...d, index: d.index - base };
  if (d.nearestKept !== undefined) {
    const at = locate(d.nearestKept);
    out.nearestKept = at.local;
    if (at.v !== v) out.nearestKeptVolume = members[at.v].id;
  }
  if (d.removedBy !== undefined && d.removedBy >= 0) {
    const at = locate(d.removedBy);
    out.removedBy = at.local;
    if (at.v !== v) out.removedByVolume = members[at.v].id;
  }
  return out;
}
