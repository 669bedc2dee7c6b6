/**
 * The masked-reconstruction loss with per-patch normalised targets (MAE's norm_pix_loss):
 *   t = (x_patch − mean) / √(var + 1e-6)   (var unbiased, over the P² pixels of the patch)
 *   loss = Σ_patches mask · mean_pixels (pred − t)² / Σ mask      (masked patches only)
 * and the zero-prediction loss Σ mask · mean(t²) / Σ mask (≈ 1: where a decoder that learnt
 * nothing sits). Shapes: x, pred [N, H, W, 1]; mask [N, H/P, W/P] (1 = masked).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng, permutation } from '../rng';

export const NORM_EPS = 1e-6;

/** [N, H, W, 1] → [N, H/P, W/P, P²] (patch rows, then columns; pixels row-major inside). */
export function patchify(x: tf.Tensor4D, p: number): tf.Tensor4D {
  const [n, h, w] = x.shape;
  return x.reshape([n, h / p, p, w / p, p]).transpose([0, 1, 3, 2, 4]).reshape([n, h / p, w / p, p * p]);
}

export function normalisedTargets(x: tf.Tensor4D, p: number): tf.Tensor4D {
  return tf.tidy(() => {
    const t = patchify(x, p);
    const { mean, variance } = tf.moments(t, -1, true);
    const unbiased = variance.mul((p * p) / (p * p - 1));
    return t.sub(mean).div(unbiased.add(NORM_EPS).sqrt());
  });
}

export function mimLoss(pred: tf.Tensor4D, targets: tf.Tensor4D, mask: tf.Tensor3D, p: number): { loss: tf.Scalar; zeroLoss: tf.Scalar } {
  const perPatch = tf.mean(patchify(pred, p).sub(targets).square(), -1);
  const count = tf.sum(mask);
  return {
    loss: tf.sum(perPatch.mul(mask)).div(count) as tf.Scalar,
    zeroLoss: tf.sum(tf.mean(targets.square(), -1).mul(mask)).div(count) as tf.Scalar,
  };
}

/** x with masked patches set to 0: x · (1 − mask expanded to pixels). */
export function applyMask(x: tf.Tensor4D, mask: tf.Tensor3D, p: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, gh, gw] = mask.shape;
    const pixels = mask.reshape([n, gh, 1, gw, 1]).tile([1, 1, p, 1, p]).reshape([n, gh * p, gw * p, 1]);
    return x.mul(tf.scalar(1).sub(pixels));
  });
}

/** Per image, round(ratio · patches) patches masked, chosen by a seeded permutation: [N·gh·gw] of 0/1. */
export function drawMasks(n: number, grid: number, ratio: number, rng: Rng): Float32Array {
  const cells = grid * grid;
  const masked = Math.round(ratio * cells);
  const out = new Float32Array(n * cells);
  for (let b = 0; b < n; b++) for (const c of permutation(cells, rng).slice(0, masked)) out[b * cells + c] = 1;
  return out;
}
