/**
 * Optimisers over a ParamSet, with state a checkpoint holds exactly (slots `<param>/<slot>`).
 *
 * SGD as torch.optim.SGD (dampening 0, no Nesterov): d = g + wd·p; buf = d on first use, else
 * momentum·buf + d; p −= lr·buf. Buffers start at zero, which is the same: momentum·0 + d = d.
 * Adam as torch.optim.Adam (β 0.9/0.999, ε 1e-8, L2 weight decay added to g), t per parameter:
 * m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g²; p −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 * The momentum loop takes its direction d as a function, so SwAV's per-tensor LARS reference
 * (../swav/testing/perTensorOptimizers.ts) is this loop with LARS's d; its Adam is this Adam.
 * A parameter without a gradient is skipped, its state untouched (frozen steps do not count in t).
 */
import * as tf from '@tensorflow/tfjs';
import type { CheckpointTensor, OptimizerConfig } from '../types';
import type { ParamSet } from './paramSet';

const ADAM = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** What the optimisers update: named trainable variables (a ParamSet, SwAV's model). */
export interface ParamHolder {
  readonly params: Map<string, tf.Variable>;
  get(name: string): tf.Variable;
}

export interface ParamOptimizer<N extends ParamHolder = ParamSet> {
  /** One update of the parameters named in `grads`. */
  apply(net: N, grads: Map<string, tf.Tensor>, lr: number): void;
  state(): Promise<CheckpointTensor[]>;
  dispose(): void;
}

/** Saved optimiser state by slot name (`<param>/<slot>`). */
export type SavedSlots = Map<string, CheckpointTensor>;

/** A momentum method's update direction d for one tensor (inside a tidy). */
export type Direction = (p: tf.Tensor, g: tf.Tensor) => tf.Tensor;

function slot(saved: SavedSlots | undefined, key: string, like: tf.Variable): tf.Variable {
  const s = saved?.get(key);
  if (saved && !s) throw new Error(`checkpoint: optimiser state ${key} is missing`);
  return tf.variable(s ? tf.tensor(s.data, s.shape) : tf.zerosLike(like), false);
}

async function dump(slots: Map<string, tf.Variable>): Promise<CheckpointTensor[]> {
  const out: CheckpointTensor[] = [];
  for (const [key, v] of slots) out.push({ name: key, shape: v.shape, data: Float32Array.from(await v.data()) });
  return out;
}

/** buf = momentum·buf + d; p −= lr·buf (SGD's d = g + wd·p; LARS's in the SwAV reference). */
export class MomentumOptimizer<N extends ParamHolder> implements ParamOptimizer<N> {
  private readonly buffers = new Map<string, tf.Variable>();

  constructor(
    private readonly momentum: number,
    private readonly direction: Direction,
    net: N,
    saved?: SavedSlots,
  ) {
    for (const [name, p] of net.params) this.buffers.set(`${name}/momentum_buffer`, slot(saved, `${name}/momentum_buffer`, p));
  }

  apply(net: N, grads: Map<string, tf.Tensor>, lr: number): void {
    for (const [name, g] of grads) {
      const p = net.get(name);
      const buf = this.buffers.get(`${name}/momentum_buffer`)!;
      tf.tidy(() => {
        const d = this.direction(p, g);
        buf.assign(buf.mul(this.momentum).add(d));
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

/** SGD's direction: d = g + wd·p (g itself without weight decay). */
export function sgdDirection(weightDecay: number): Direction {
  return (p, g) => (weightDecay ? g.add(p.mul(weightDecay)) : g);
}

export class AdamOptimizer<N extends ParamHolder> implements ParamOptimizer<N> {
  private readonly slots = new Map<string, tf.Variable>();
  private readonly t = new Map<string, number>();

  constructor(
    private readonly cfg: OptimizerConfig,
    net: N,
    saved?: SavedSlots,
  ) {
    for (const [name, p] of net.params) {
      this.slots.set(`${name}/exp_avg`, slot(saved, `${name}/exp_avg`, p));
      this.slots.set(`${name}/exp_avg_sq`, slot(saved, `${name}/exp_avg_sq`, p));
      this.t.set(name, saved?.get(`${name}/step`)?.data[0] ?? 0);
    }
  }

  apply(net: N, grads: Map<string, tf.Tensor>, lr: number): void {
    const { beta1, beta2, eps } = ADAM;
    for (const [name, g0] of grads) {
      const p = net.get(name);
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

export function createParamOptimizer(cfg: OptimizerConfig, net: ParamSet, saved?: CheckpointTensor[]): ParamOptimizer {
  const map = saved ? new Map(saved.map((s) => [s.name, s])) : undefined;
  if (cfg.name === 'sgd') return new MomentumOptimizer(cfg.momentum, sgdDirection(cfg.weightDecay), net, map);
  if (cfg.name === 'adam') return new AdamOptimizer(cfg, net, map);
  throw new Error(`optimiser '${String(cfg.name)}' is not available for this method (expected sgd or adam)`);
}
