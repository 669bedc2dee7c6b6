/**
 * Cosine similarity of all embedding pairs as one normalised matrix product:
 * `S = X̂ X̂ᵀ` with `X̂_i = X_i / max(‖X_i‖₂, ε)`, computed in row tiles on the active tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from '../../runtime/abort';
import { DEFAULT_GPU_TILE_BUDGET_BYTES } from '../../runtime/memory';

/** Guards the row norm; rows shorter than this are treated as zero vectors. */
const NORM_EPSILON = 1e-12;

export interface CosineOptions {
  /** Upper bound on one output tile (rows × n × 4 bytes); default 256 MiB. */
  memoryBudgetBytes?: number;
  signal?: AbortSignal;
}

/** Rows of the n × n output computed per matMul so one tile stays within the budget. */
export function rowsPerTile(n: number, budgetBytes: number): number {
  return Math.max(1, Math.min(n, Math.floor(budgetBytes / (Math.max(n, 1) * 4))));
}

/**
 * Row-major n × n cosine matrix of the rows of `embeddings` ([n, dim]); the input is not disposed.
 * Float32 products are made exactly symmetric (mean of S_ij and S_ji), clamped to [-1, 1], and
 * the diagonal is 1 by definition (cos(x, x) = 1). A zero vector has no direction: it scores 0
 * against every other row.
 */
export async function cosineMatrix(embeddings: tf.Tensor2D, opts: CosineOptions = {}): Promise<Float64Array> {
  if (embeddings.rank !== 2) throw new Error(`cosineMatrix: expected a 2-D [n, dim] tensor, got rank ${embeddings.rank}`);
  const [n] = embeddings.shape;
  const unit = tf.tidy(() => {
    const norms = tf.norm(embeddings, 'euclidean', 1, true);
    return tf.div(embeddings, tf.maximum(norms, NORM_EPSILON)) as tf.Tensor2D;
  });
  const out = new Float64Array(n * n);
  try {
    const tileRows = rowsPerTile(n, opts.memoryBudgetBytes ?? DEFAULT_GPU_TILE_BUDGET_BYTES);
    for (let start = 0; start < n; start += tileRows) {
      throwIfAborted(opts.signal, 'deepnet cosine matrix');
      const rows = Math.min(tileRows, n - start);
      const tile = tf.tidy(() => tf.matMul(unit.slice([start, 0], [rows, -1]), unit, false, true));
      const values = await tile.data();
      tile.dispose();
      out.set(values, start * n);
    }
  } finally {
    unit.dispose();
  }
  symmetriseWithUnitDiagonal(out, n);
  return out;
}

/** S_ij = S_ji = clamp((S_ij + S_ji) / 2, -1, 1); S_ii = 1. In place. */
export function symmetriseWithUnitDiagonal(m: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const v = Math.min(1, Math.max(-1, (m[i * n + j] + m[j * n + i]) / 2));
      m[i * n + j] = v;
      m[j * n + i] = v;
    }
  }
}
