/**
 * Reduction engine timings: the greedy walk (sort of all pairs + one pass), then the per-threshold
 * work a slider does (keptAtThreshold, O(n)), the kept-vs-threshold curve (O(n)), the leader loop,
 * and a full reduce() with representatives. Random symmetric matrices, seeded.
 */
import { greedyWalk, keptAtThreshold, leaderReduce, reduce, reductionCurve } from '../src/core/reduction';
import { randomScores } from '../src/core/reduction/testing/matrices';
import type { ScoreMatrix } from '../src/core/reduction';
import { timeIt, type BenchContext, type BenchRow } from './lib';

async function rowsFor(n: number, kind: ScoreMatrix['kind']): Promise<BenchRow[]> {
  const scores = randomScores(n, kind, 42);
  const pairs = (n * (n - 1)) / 2;
  const input = `random symmetric ${n}×${n} ${kind === 'distance' ? 'Hamming 0..64' : 'similarity 0..1'}`;
  const threshold = kind === 'distance' ? 6 : 0.9;
  const walk = greedyWalk(scores);
  const row = (name: string, ms: number, metrics: BenchRow['metrics'] = {}): BenchRow => ({ name, impl: 'cpu (TypeScript)', input, ms, metrics });
  const walkMs = await timeIt(() => greedyWalk(scores), 5);
  const keptMs = await timeIt(() => keptAtThreshold(walk, threshold), 50);
  const curveMs = await timeIt(() => reductionCurve(walk), 50);
  const leaderMs = kind === 'distance' ? await timeIt(() => leaderReduce(scores, threshold), 20) : undefined;
  const params = kind === 'distance' ? ({ method: 'hash', algorithm: 'greedy', maxDistance: threshold } as const) : ({ method: 'ssim', algorithm: 'greedy', keepFraction: 0.1 } as const);
  const reduceMs = await timeIt(() => reduce(scores, params, { walk }), 5);
  return [
    row('greedy walk (sort + pass)', walkMs, { pairs, 'pairs/s': pairs / (walkMs / 1000) }),
    row('keptAtThreshold', keptMs, { 'slices/s': n / (keptMs / 1000) }),
    row('reductionCurve', curveMs, { points: reductionCurve(walk).length }),
    ...(leaderMs !== undefined ? [row('leader loop T=6', leaderMs)] : []),
    row(`reduce() from walk + representatives (${'maxDistance' in params ? 'T=6' : 'f=0.1'})`, reduceMs, { kept: reduce(scores, params, { walk }).kept.length }),
  ];
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const sizes = ctx.quick ? [600] : [600, 2000];
  const rows: BenchRow[] = [];
  for (const n of sizes) {
    for (const kind of ['distance', 'similarity'] as const) {
      ctx.log(`n = ${n}, ${kind}`);
      rows.push(...(await rowsFor(n, kind)));
    }
  }
  return rows;
}
