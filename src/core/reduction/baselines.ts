/** The paper's baselines: ALL keeps every slice; EveryN keeps the slices i with i % N == 0. */

/** 0..n-1. */
export function keepAll(n: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`all: n must be a non-negative integer, got ${n}`);
  return Array.from({ length: n }, (_, i) => i);
}

/** Indices i in 0..n-1 with i % every == 0 (slice 0 is always kept). */
export function everyN(n: number, every: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`everyn: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`everyn: every must be an integer >= 1, got ${every}`);
  const kept: number[] = [];
  for (let i = 0; i < n; i += every) kept.push(i);
  return kept;
}
