/**
 * TEST REFERENCE: the per-tensor optimisers as they were before the flat ones (optimizers.ts); the
 * flat ones are tested against these (swav.optimizers.test.ts).
 *
 * Optimisers with state that checkpoints can hold exactly.
 *
 * LARS as pl_bolts.optimizers.LARS (exclude_bn_bias=False, dampening 0, no Nesterov), per tensor:
 *   d = g; if wd ≠ 0 and ‖p‖ ≠ 0 and ‖g‖ ≠ 0: d = (g + wd·p) · η‖p‖ / (‖g‖ + wd‖p‖ + ε)   (η 1e-3, ε 1e-8)
 *   buf = d on first use, else momentum·buf + d;  p −= lr·buf.
 * Buffers start at zero, which is the same thing: momentum·0 + d = d exactly.
 * A parameter without a gradient (frozen prototypes) is skipped, its buffer untouched.
 *
 * Adam as torch.optim.Adam (β₁ 0.9, β₂ 0.999, ε 1e-8, weight decay added to the gradient):
 *   g += wd·p; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε),
 * with t counted per parameter (frozen steps do not count).
 *
 * Both are MoCo/MIM's per-tensor optimisers (../../common/optimizers.ts): LARS is its momentum loop
 * with LARS's direction, Adam is its Adam.
 */
import * as tf from '@tensorflow/tfjs';
import { AdamOptimizer, MomentumOptimizer, type ParamOptimizer } from '../../common/optimizers';
import type { OptimizerConfig, CheckpointTensor } from '../../types';
import type { SwavModel } from '../model';

export const LARS_TRUST = 1e-3;
export const LARS_EPS = 1e-8;

/** One update; `grads` by parameter name (absent: not updated). */
export type SwavOptimizer = ParamOptimizer<SwavModel>;

/** LARS update direction d for one tensor (see the file comment). */
export function larsDirection(p: tf.Tensor, g: tf.Tensor, weightDecay: number): tf.Tensor {
  return tf.tidy(() => {
    if (weightDecay === 0) return g.clone();
    const pn = tf.norm(p);
    const gn = tf.norm(g);
    const ratio = pn.mul(LARS_TRUST).div(gn.add(pn.mul(weightDecay)).add(LARS_EPS));
    const adapt = tf.logicalAnd(tf.notEqual(pn, 0), tf.notEqual(gn, 0));
    return tf.where(adapt, g.add(p.mul(weightDecay)).mul(ratio), g);
  });
}

export function createOptimizer(cfg: OptimizerConfig, model: SwavModel, saved?: CheckpointTensor[]): SwavOptimizer {
  const map = saved ? new Map(saved.map((s) => [s.name, s])) : undefined;
  if (cfg.name === 'lars') return new MomentumOptimizer(cfg.momentum, (p, g) => larsDirection(p, g, cfg.weightDecay), model, map);
  if (cfg.name === 'adam') return new AdamOptimizer(cfg, model, map);
  throw new Error(`unknown optimiser '${String(cfg.name)}' (expected lars or adam)`);
}
