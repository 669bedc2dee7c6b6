/**
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
 * Both run over all tensors at once (flatParams.ts): one flat vector of parameters and one of
 * gradients, state kept flat, so a step is ~20 kernels instead of ~16 per tensor. Elementwise the
 * arithmetic is the per-tensor one (Adam: the same float32 operations, bit-identical on cpu; LARS's
 * norms are segment sums, equal up to summation order). Checkpoints still hold per-tensor state.
 * On tfjs-wasm Adam's arithmetic is one SIMD kernel (backend/wasmAdam.ts), the same operations in the
 * same order: bit-identical to the kernels it replaces; on WebGPU one WGSL program (webgpuTrainKernels.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig, CheckpointTensor } from '../types';
import { ADAM_KERNEL, type AdamAttrs } from '../../backend/wasmAdam';
import { ADAM_PACKED } from '../../backend/webgpuTrainKernels';
import { FlatLayout } from './flatParams';
import type { SwavModel } from './model';

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

/** A flat optimiser slot [total] from a checkpoint's per-tensor entries `${name}/${suffix}` (zeros when new). */
function flatSlot(layout: FlatLayout, saved: Saved | undefined, suffix: string): tf.Variable {
  const data = layout.flatData((name, size) => {
    const s = saved?.get(`${name}/${suffix}`);
    if (saved && !s) throw new Error(`checkpoint: optimiser state ${name}/${suffix} is missing`);
    if (s && s.data.length !== size) throw new Error(`checkpoint: optimiser state ${name}/${suffix} has ${s.data.length} values, the model ${size}`);
    return s?.data;
  });
  const t = tf.tensor1d(data);
  const v = tf.variable(t, false);
  t.dispose();
  return v;
}

/** Per-tensor checkpoint entries of flat slots, tensor by tensor in model order, slots interleaved. */
async function dumpFlat(layout: FlatLayout, slots: [string, tf.Variable][]): Promise<CheckpointTensor[]> {
  const parts = await Promise.all(slots.map(async ([, v]) => layout.unflatten((await v.data()) as Float32Array)));
  const out: CheckpointTensor[] = [];
  layout.names.forEach((name, i) => slots.forEach(([suffix], k) => out.push({ name: `${name}/${suffix}`, shape: layout.shapes[i], data: parts[k][i] })));
  return out;
}

function layoutOf(model: SwavModel): FlatLayout {
  return new FlatLayout([...model.params.keys()], [...model.params.values()].map((v) => v.shape));
}

/**
 * The step's flat parameters and gradients. Tensors without a gradient get zeros and are masked out
 * of every update (`keep` true where the update applies; undefined when every tensor has a gradient).
 */
function flatStep(layout: FlatLayout, model: SwavModel, grads: Map<string, tf.Tensor>) {
  const present = layout.names.map((n) => grads.has(n));
  const p = layout.concat(layout.names.map((n) => model.get(n)));
  const g = layout.concat(layout.names.map((n, i) => grads.get(n) ?? tf.zeros([layout.sizes[i]])));
  return { p, g, present, keep: present.every(Boolean) ? undefined : layout.mask(present) };
}

/** next where `keep` (or everywhere without a mask), else prev: the frozen tensors' state stays. */
function masked(keep: tf.Tensor1D | undefined, next: tf.Tensor1D, prev: tf.Tensor1D): tf.Tensor1D {
  // the Select kernel itself: tf.where first broadcasts all three operands, a clone (Identity kernel) each when the shapes already agree
  return keep ? (tf.engine().runKernel('Select', { condition: keep, t: next, e: prev }) as tf.Tensor1D) : next;
}

/** Writes the updated flat parameters back into the tensors that had a gradient. */
function writeBack(layout: FlatLayout, model: SwavModel, present: boolean[], flat: tf.Tensor1D): void {
  layout.split(flat).forEach((t, i) => {
    if (present[i]) model.get(layout.names[i]).assign(t);
  });
}

/**
 * LARS update direction d over all tensors at once (see the file comment): ‖p‖ and ‖g‖ per tensor
 * as √(segment sums of squares), the trust ratio per tensor spread back to its elements.
 */
function flatLarsDirection(layout: FlatLayout, p: tf.Tensor1D, g: tf.Tensor1D, weightDecay: number): tf.Tensor1D {
  if (weightDecay === 0) return g;
  const pn = tf.sqrt(layout.segmentSum(tf.square(p)));
  const gn = tf.sqrt(layout.segmentSum(tf.square(g)));
  const ratio = pn.mul(LARS_TRUST).div(gn.add(pn.mul(weightDecay)).add(LARS_EPS)) as tf.Tensor1D;
  const adapt = tf.logicalAnd(tf.notEqual(pn, 0), tf.notEqual(gn, 0)).cast('float32') as tf.Tensor1D;
  return tf.where(tf.greater(layout.expand(adapt), 0), g.add(p.mul(weightDecay)).mul(layout.expand(ratio)), g) as tf.Tensor1D;
}

class Lars implements SwavOptimizer {
  private readonly layout: FlatLayout;
  private readonly buffer: tf.Variable;

  constructor(
    private readonly cfg: OptimizerConfig,
    model: SwavModel,
    saved?: Saved,
  ) {
    this.layout = layoutOf(model);
    this.buffer = flatSlot(this.layout, saved, 'momentum_buffer');
  }

  apply(model: SwavModel, grads: Map<string, tf.Tensor>, lr: number): void {
    tf.tidy(() => {
      const { p, g, present, keep } = flatStep(this.layout, model, grads);
      const d = flatLarsDirection(this.layout, p, g, this.cfg.weightDecay);
      const buf = masked(keep, this.buffer.mul(this.cfg.momentum).add(d), this.buffer as tf.Tensor1D);
      this.buffer.assign(buf);
      writeBack(this.layout, model, present, p.sub(buf.mul(lr)));
    });
  }

  state(): Promise<CheckpointTensor[]> {
    return dumpFlat(this.layout, [['momentum_buffer', this.buffer]]);
  }

  dispose(): void {
    this.buffer.dispose();
    this.layout.dispose();
  }
}

/**
 * [m′, v′, p′] by ctsieve's own Adam kernel where the backend has one: wasm's SIMD kernel (the same float32
 * operations, bit-identical), WebGPU's program (one [3n] output, split); undefined elsewhere.
 */
function ownAdam(inputs: tf.NamedTensorMap, attrs: AdamAttrs): tf.Tensor1D[] | undefined {
  const backend = tf.getBackend();
  const run = (name: string) => tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap);
  if (tf.getKernel(ADAM_KERNEL, backend)) return run(ADAM_KERNEL) as tf.Tensor1D[];
  if (tf.getKernel(ADAM_PACKED, backend)) return tf.split(run(ADAM_PACKED) as tf.Tensor1D, 3);
  return undefined;
}

class Adam implements SwavOptimizer {
  private readonly layout: FlatLayout;
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private readonly t: number[];

  constructor(
    private readonly cfg: OptimizerConfig,
    model: SwavModel,
    saved?: Saved,
  ) {
    this.layout = layoutOf(model);
    this.m = flatSlot(this.layout, saved, 'exp_avg');
    this.v = flatSlot(this.layout, saved, 'exp_avg_sq');
    this.t = this.layout.names.map((name) => saved?.get(`${name}/step`)?.data[0] ?? 0);
  }

  /**
   * 1 − βᵗ as a float32 scalar when every updated tensor has the same t, else per element as
   * Σ_t mask_t·(1 − βᵗ) over the distinct t (cached 0/1 masks; 1·c and c + 0 are exact in float32).
   */
  private correction(beta: number, present: boolean[]): tf.Tensor {
    const ts = [...new Set(this.t.filter((_, i) => present[i]))];
    if (ts.length === 1) return tf.scalar(1 - beta ** ts[0]);
    return ts.map((t) => this.layout.mask(this.t.map((ti, i) => present[i] && ti === t), 'float32').mul(1 - beta ** t)).reduce((a, b) => a.add(b));
  }

  apply(model: SwavModel, grads: Map<string, tf.Tensor>, lr: number): void {
    const { beta1, beta2, eps } = ADAM;
    tf.tidy(() => {
      const { p, g: g0, present, keep } = flatStep(this.layout, model, grads);
      present.forEach((has, i) => {
        if (has) this.t[i]++;
      });
      const [c1, c2] = [this.correction(beta1, present), this.correction(beta2, present)];
      const inputs: tf.NamedTensorMap = { p, g: g0, m: this.m, v: this.v, c1, c2, ...(keep ? { keep } : {}) };
      const own = ownAdam(inputs, { weightDecay: this.cfg.weightDecay, beta1, beta2, eps, lr });
      if (own) {
        const [m, v, next] = own;
        this.m.assign(m);
        this.v.assign(v);
        writeBack(this.layout, model, present, next);
        return;
      }
      const g = this.cfg.weightDecay ? g0.add(p.mul(this.cfg.weightDecay)) : g0;
      const m = masked(keep, this.m.mul(beta1).add(g.mul(1 - beta1)), this.m as tf.Tensor1D);
      const v = masked(keep, this.v.mul(beta2).add(g.square().mul(1 - beta2)), this.v as tf.Tensor1D);
      this.m.assign(m);
      this.v.assign(v);
      const mHat = m.div(c1);
      const vHat = v.div(c2);
      writeBack(this.layout, model, present, p.sub(mHat.div(vHat.sqrt().add(eps)).mul(lr)));
    });
  }

  async state(): Promise<CheckpointTensor[]> {
    const steps = this.layout.names.map((name, i) => ({ name: `${name}/step`, shape: [], data: Float32Array.of(this.t[i]) }));
    return [...(await dumpFlat(this.layout, [['exp_avg', this.m], ['exp_avg_sq', this.v]])), ...steps];
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
    this.layout.dispose();
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
