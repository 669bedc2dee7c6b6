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
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig, CheckpointTensor } from '../../types';
import type { SwavModel } from '../model';

export const LARS_TRUST = 1e-3;
export const LARS_EPS = 1e-8;
const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

export interface SwavOptimizer {
  /** One update; `grads` by parameter name (absent: not updated). */
  apply(model: SwavModel, grads: Map<string, tf.Tensor>, lr: number): void;
  state(): Promise<CheckpointTensor[]>;
  dispose(): void;
}

type Saved = Map<string, CheckpointTensor>;

function slot(saved: Saved | undefined, key: string, like: tf.Variable): tf.Variable {
  const s = saved?.get(key);
  if (saved && !s) throw new Error(`checkpoint: optimiser state ${key} is missing`);
  return tf.variable(s ? tf.tensor(s.data, s.shape) : tf.zerosLike(like), false);
}

async function dump(slots: Map<string, tf.Variable>): Promise<CheckpointTensor[]> {
  const out: CheckpointTensor[] = [];
  for (const [key, v] of slots) out.push({ name: key, shape: v.shape, data: Float32Array.from(await v.data()) });
  return out;
}

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

class Lars implements SwavOptimizer {
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(
    private readonly cfg: OptimizerConfig,
    model: SwavModel,
    saved?: Saved,
  ) {
    for (const [name, p] of model.params) this.buffers.set(`${name}/momentum_buffer`, slot(saved, `${name}/momentum_buffer`, p));
  }

  apply(model: SwavModel, grads: Map<string, tf.Tensor>, lr: number): void {
    for (const [name, g] of grads) {
      const p = model.get(name);
      const buf = this.buffers.get(`${name}/momentum_buffer`)!;
      tf.tidy(() => {
        const d = larsDirection(p, g, this.cfg.weightDecay);
        buf.assign(buf.mul(this.cfg.momentum).add(d));
        p.assign(p.sub(buf.mul(lr)));
      });
    }
  }

  state(): Promise<CheckpointTensor[]> {
    return dump(this.buffers);
  }

  dispose(): void {
    tf.dispose([...this.buffers.values()]);
  }
}

class Adam implements SwavOptimizer {
  private readonly slots = new Map<string, tf.Variable>();
  private readonly t = new Map<string, number>();

  constructor(
    private readonly cfg: OptimizerConfig,
    model: SwavModel,
    saved?: Saved,
  ) {
    for (const [name, p] of model.params) {
      this.slots.set(`${name}/exp_avg`, slot(saved, `${name}/exp_avg`, p));
      this.slots.set(`${name}/exp_avg_sq`, slot(saved, `${name}/exp_avg_sq`, p));
      this.t.set(name, saved?.get(`${name}/step`)?.data[0] ?? 0);
    }
  }

  apply(model: SwavModel, grads: Map<string, tf.Tensor>, lr: number): void {
    const { beta1, beta2, eps } = ADAM;
    for (const [name, g0] of grads) {
      const p = model.get(name);
      const m = this.slots.get(`${name}/exp_avg`)!;
      const v = this.slots.get(`${name}/exp_avg_sq`)!;
      const t = (this.t.get(name) ?? 0) + 1;
      this.t.set(name, t);
      tf.tidy(() => {
        const g = this.cfg.weightDecay ? g0.add(p.mul(this.cfg.weightDecay)) : g0;
        m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
        v.assign(v.mul(beta2).add(g.square().mul(1 - beta2)));
        const mHat = m.div(1 - beta1 ** t);
        const vHat = v.div(1 - beta2 ** t);
        p.assign(p.sub(mHat.div(vHat.sqrt().add(eps)).mul(lr)));
      });
    }
  }

  async state(): Promise<CheckpointTensor[]> {
    const steps = [...this.t].map(([name, t]) => ({ name: `${name}/step`, shape: [], data: Float32Array.of(t) }));
    return [...(await dump(this.slots)), ...steps];
  }

  dispose(): void {
    tf.dispose([...this.slots.values()]);
  }
}

export function createOptimizer(cfg: OptimizerConfig, model: SwavModel, saved?: CheckpointTensor[]): SwavOptimizer {
  const map = saved ? new Map(saved.map((s) => [s.name, s])) : undefined;
  if (cfg.name === 'lars') return new Lars(cfg, model, map);
  if (cfg.name === 'adam') return new Adam(cfg, model, map);
  throw new Error(`unknown optimiser '${String(cfg.name)}' (expected lars or adam)`);
}

/** Learning rate at `step` (0-based) of `total`: linear warm-up, then cosine to 0 or constant. */
export function learningRate(cfg: OptimizerConfig, step: number, total: number): number {
  if (cfg.warmupSteps > 0 && step < cfg.warmupSteps) return (cfg.lr * (step + 1)) / cfg.warmupSteps;
  if (cfg.schedule === 'constant') return cfg.lr;
  const span = Math.max(1, total - cfg.warmupSteps);
  const progress = Math.min(1, (step - cfg.warmupSteps) / span);
  return 0.5 * cfg.lr * (1 + Math.cos(Math.PI * progress));
}
