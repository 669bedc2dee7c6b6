/**
 * t-SNE (van der Maaten & Hinton 2008) through @keckelt/tsne (karpathy's tsnejs in TypeScript, exact
 * O(n²) gradients: fine for the ≤ 512 points analysed here), made reproducible by drawing its random
 * start from a seeded generator, plus the paper's PCC: Pearson's r between each t-SNE axis and the
 * class index. With more than two classes the index order is arbitrary, so the PCC only means
 * something for two (or ordered) classes.
 */
import { TSNE } from '@keckelt/tsne';
import { throwIfAborted, yieldToEventLoop } from '../runtime';
import { createRng, gaussian, type Rng } from '../eval/random';

export interface TsneOptions {
  seed: number;
  /** Default min(30, (n − 1) / 3), as scikit-learn requires perplexity < n. */
  perplexity?: number;
  /** Gradient steps (default 500). */
  iterations?: number;
  /** Learning rate (tsnejs default 10). */
  epsilon?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
}

/** tsnejs with its Math.random draws replaced by a seeded normal generator. */
class SeededTsne extends TSNE {
  constructor(
    opt: { perplexity: number; epsilon: number; dim: number },
    private readonly rng: Rng,
  ) {
    super(opt);
  }

  override gaussRandom(): number {
    return gaussian(this.rng);
  }
}

/** Each row standardised feature-wise (zero mean, unit variance; constant features become 0). */
function standardise(rows: readonly ArrayLike<number>[]): number[][] {
  const n = rows.length;
  const p = rows[0].length;
  const mean = new Float64Array(p);
  const sq = new Float64Array(p);
  for (const r of rows) for (let j = 0; j < p; j++) mean[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < p; j++) sq[j] += (r[j] - mean[j]) ** 2 / n;
  return rows.map((r) => Array.from({ length: p }, (_, j) => (sq[j] > 1e-24 ? (r[j] - mean[j]) / Math.sqrt(sq[j]) : 0)));
}

/** A 2-D embedding [n][2] of the rows (features standardised first). */
export async function tsne2d(rows: readonly ArrayLike<number>[], o: TsneOptions): Promise<[number, number][]> {
  const n = rows.length;
  if (n < 4) throw new Error(`t-SNE needs at least 4 points (got ${n})`);
  const perplexity = o.perplexity ?? Math.min(30, (n - 1) / 3);
  if (!(perplexity > 0 && perplexity < n)) throw new Error(`t-SNE: perplexity ${perplexity} must be in (0, ${n})`);
  const iterations = o.iterations ?? 500;
  const t = new SeededTsne({ perplexity, epsilon: o.epsilon ?? 10, dim: 2 }, createRng(o.seed));
  t.initDataRaw(standardise(rows));
  for (let i = 0; i < iterations; i++) {
    t.step();
    if (i % 25 === 24 || i === iterations - 1) {
      o.onProgress?.(i + 1, iterations);
      throwIfAborted(o.signal, 't-SNE');
      await yieldToEventLoop();
    }
  }
  return (t.getSolution() as number[][]).map((p) => [p[0], p[1]]);
}

/** Pearson's r of two equal-length series; 0 when either is constant. */
export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n !== b.length || n === 0) throw new Error(`pearson: series of lengths ${a.length} and ${b.length}`);
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** The paper's PCC of a 2-D embedding: [r(x, class), r(y, class)]. */
export function axisClassPcc(points: readonly [number, number][], classIndex: readonly number[]): [number, number] {
  return [pearson(points.map((p) => p[0]), classIndex), pearson(points.map((p) => p[1]), classIndex)];
}
