/**
 * Linear CKA (Kornblith et al. 2019; google-research/representation_similarity's
 * `feature_space_linear_cka`) in its sample-space (Gram) form, so that it never needs a p×q matrix:
 *
 *   X (n×p), Y (n×q), columns centred:  CKA = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F)
 *   with K = XXᵀ, L = YYᵀ (n×n):         ‖YᵀX‖²_F = ⟨K, L⟩_F,  ‖XᵀX‖_F = ‖K‖_F,  ‖YᵀY‖_F = ‖L‖_F
 *
 * A conv activation (n×C×H×W, or NHWC) is flattened per example first; the flattening order does not
 * change the Gram matrix. Grams are n×n float64, row-major.
 */

/** An n×n Gram matrix of centred features, row-major. */
export interface Gram {
  n: number;
  data: Float64Array;
}

/** K = X_c X_cᵀ of row vectors (each row one example), columns centred over the rows; float64. */
export function centredGram(rows: readonly ArrayLike<number>[]): Gram {
  const n = rows.length;
  if (n === 0) throw new Error('CKA: no examples');
  const p = rows[0].length;
  const mean = new Float64Array(p);
  for (const r of rows) {
    if (r.length !== p) throw new Error(`CKA: rows of different widths (${p} and ${r.length})`);
    for (let j = 0; j < p; j++) mean[j] += r[j] / n;
  }
  const centred = rows.map((r) => Float64Array.from({ length: p }, (_, j) => r[j] - mean[j]));
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = i; k < n; k++) {
      let s = 0;
      const a = centred[i];
      const b = centred[k];
      for (let j = 0; j < p; j++) s += a[j] * b[j];
      data[i * n + k] = s;
      data[k * n + i] = s;
    }
  }
  return { n, data };
}

/** ⟨K, L⟩_F / (‖K‖_F ‖L‖_F) of two centred Grams over the same examples. 0 when either is all zero. */
export function ckaFromGrams(k: Gram, l: Gram): number {
  if (k.n !== l.n) throw new Error(`CKA: Grams over different numbers of examples (${k.n} and ${l.n})`);
  let kl = 0;
  let kk = 0;
  let ll = 0;
  for (let i = 0; i < k.data.length; i++) {
    kl += k.data[i] * l.data[i];
    kk += k.data[i] * k.data[i];
    ll += l.data[i] * l.data[i];
  }
  const den = Math.sqrt(kk) * Math.sqrt(ll);
  return den > 0 ? kl / den : 0;
}

/** Linear CKA of X (n×p) and Y (n×q), rows = examples. */
export function linearCka(x: readonly ArrayLike<number>[], y: readonly ArrayLike<number>[]): number {
  if (x.length !== y.length) throw new Error(`CKA: X has ${x.length} examples but Y has ${y.length}`);
  return ckaFromGrams(centredGram(x), centredGram(y));
}

/** CKA of every layer of A with every layer of B: matrix[i][j] = CKA(A_i, B_j); diagonal up to min(L_A, L_B). */
export function ckaMatrix(a: readonly Gram[], b: readonly Gram[]): { matrix: number[][]; diagonal: number[] } {
  const matrix = a.map((k) => b.map((l) => ckaFromGrams(k, l)));
  const diagonal = Array.from({ length: Math.min(a.length, b.length) }, (_, i) => matrix[i][i]);
  return { matrix, diagonal };
}
