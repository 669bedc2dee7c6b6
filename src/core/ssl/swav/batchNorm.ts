/**
 * BatchNorm with PyTorch's semantics (not tfjs-layers'): in training, normalise with the batch
 * mean and the biased batch variance; update running_mean/var with momentum 0.1 in PyTorch's
 * convention (running = 0.9·running + 0.1·batch) using the UNBIASED batch variance
 * (var · n/(n−1)); eps inside the square root. In eval, normalise with the running statistics.
 */
import * as tf from '@tensorflow/tfjs';
import { BATCH_NORM_BACKWARD, BATCH_NORM_FORWARD, wasmBatchNormApplies, type BatchNormBackwardAttrs, type BatchNormForwardAttrs } from '../../backend/wasmBatchNorm';
import { BN_GRAD_INPUT, BN_GRAD_SUMS, BN_NORMALISE, BN_STATS } from '../../backend/webgpuTrainKernels';
import type { KernelCache } from './conv';
import { saveForBackward } from './savedTensors';

export const BN_MOMENTUM = 0.1;

/** Batch statistics one training-mode BN call produced (kept out of the gradient tidy). */
export interface BatchStats {
  name: string;
  mean: tf.Tensor1D;
  /** The biased batch variance (what normalised x); the running update makes it unbiased. */
  variance: tf.Tensor1D;
  /** Values per channel N (the unbiased variance is variance·N/(N−1)). */
  count: number;
}

/** Feature maps of at least this many pixels (H·W) take their channel means through an average pool. */
export const POOLED_MEAN_MIN_PIXELS = 256;

/**
 * Mean over every axis but the channels: [C]. On a large [N, H, W, C] map as the mean over N of a
 * whole-map average pool (same sum, another float32 order): tfjs-wasm reduces leading axes by
 * transposing them last first, ~20× slower on [64, 32, 32, 16] than its XNNPACK pool.
 */
export function channelMean(x: tf.Tensor, axes: number[]): tf.Tensor {
  if (!pooledMean(x.shape)) return tf.mean(x, axes);
  // the AvgPool kernel itself: tf.avgPool adds a Cast back to x's dtype (a kernel) even for float32
  const attrs = { filterSize: [x.shape[1], x.shape[2]], strides: 1, pad: 'valid' } as unknown as tf.NamedAttrMap;
  return tf.mean(tf.engine().runKernel('AvgPool', { x }, attrs) as tf.Tensor, [0, 1, 2]);
}

function pooledMean(shape: number[]): boolean {
  return shape.length === 4 && shape[1] * shape[2] >= POOLED_MEAN_MIN_PIXELS;
}

/**
 * γ·x̂ + β (then ReLU when `relu`). On feature maps as one fused 1×1 depthwise conv with bias and
 * activation: b + x̂·γ, the same float32 operations (exact on cpu and wasm in the tests), ~4× faster
 * on tfjs-wasm than broadcast multiply, add and ReLU (XNNPACK), and one kernel fewer.
 */
function affine(xHat: tf.Tensor, g: tf.Tensor, b: tf.Tensor, relu: boolean, filters?: KernelCache): tf.Tensor {
  if (xHat.rank !== 4) {
    const y = xHat.mul(g).add(b);
    return relu ? tf.relu(y) : y;
  }
  const filter = filters ? cachedFilter(filters, g) : g.reshape([1, 1, g.size, 1]);
  // the kernel itself: under a gradient tape tf.fused.depthwiseConv2d runs conv, bias add and ReLU as three kernels
  const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], activation: relu ? 'relu' : 'linear' } as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel('FusedDepthwiseConv2D', { x: xHat, filter, bias: b }, attrs) as tf.Tensor;
}

/**
 * scale·(x − mean)/√(var + eps) per channel (scale 1 when absent) as tfjs's FusedBatchNorm kernel run
 * directly: one kernel on every backend (tf.batchNorm adds Reshape kernels around it to make x 4-D).
 */
function normalise(x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, eps: number, scale?: tf.Tensor): tf.Tensor {
  const inputs: tf.NamedTensorMap = scale ? { x, mean, variance, scale } : { x, mean, variance };
  return tf.engine().runKernel('FusedBatchNorm', inputs, { varianceEpsilon: eps } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

interface NormalisedBatch {
  mean: tf.Tensor;
  variance: tf.Tensor;
  xHat: tf.Tensor;
  scale: tf.Tensor;
}

/**
 * μ, the biased variance, x̂ = (x − μ)/√(var + eps) and what the backward scales by. Small maps:
 * SquaredDifference and one FusedBatchNorm kernel (`scale` is the variance: the backward's
 * FusedBatchNorm takes it). Maps of ≥ POOLED_MEAN_MIN_PIXELS pixels: x − μ, its square and
 * ·rsqrt(var + eps) (`scale` is 1/σ), as before FusedBatchNorm: tfjs-wasm's FusedBatchNorm takes a square
 * root and a division per element, about twice the time of a subtraction and a product on the step's
 * largest maps (stem and layer1); three kernels more per call here and two in the backward.
 */
function normalisedBatch(x: tf.Tensor, axes: number[], eps: number): NormalisedBatch {
  const mean = channelMean(x, axes);
  if (!pooledMean(x.shape)) {
    const variance = channelMean(tf.squaredDifference(x, mean), axes);
    return { mean, variance, xHat: normalise(x, mean, variance, eps), scale: variance };
  }
  const centred = x.sub(mean);
  const variance = channelMean(tf.square(centred), axes);
  const invStd = tf.rsqrt(variance.add(eps));
  return { mean, variance, xHat: centred.mul(invStd), scale: invStd };
}

/** μ, var, x̂ by the wasm SIMD kernel (backend/wasmBatchNorm.ts): one kernel; `scale` is the variance. */
function normalisedBatchSimd(x: tf.Tensor, eps: number): NormalisedBatch {
  const attrs: BatchNormForwardAttrs = { eps };
  const [mean, variance, xHat] = tf.engine().runKernel(BATCH_NORM_FORWARD, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { mean, variance, xHat, scale: variance };
}

/** ∂x, ∂γ, ∂β (and dz, the fused residual's gradient) by the wasm SIMD kernel, ReLU's mask included (y given). */
function simdGrads(dy: tf.Tensor, y: tf.Tensor | undefined, xh: tf.Tensor, g: tf.Tensor, variance: tf.Tensor, eps: number, wantDz: boolean): BnGrads & { dz?: tf.Tensor } {
  const inputs: tf.NamedTensorMap = y ? { dy, y, xHat: xh, gamma: g, variance } : { dy, xHat: xh, gamma: g, variance };
  const attrs: BatchNormBackwardAttrs = { eps, dz: wantDz };
  const [dx, dGamma, dBeta, dz] = tf.engine().runKernel(BATCH_NORM_BACKWARD, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { dx, dGamma, dBeta, dz };
}

/** μ, var, x̂ by ctsieve's WebGPU programs (backend/webgpuTrainKernels.ts): stats, normalise, two slices. */
function normalisedBatchWebgpu(x: tf.Tensor, eps: number): NormalisedBatch {
  const c = x.shape[x.rank - 1];
  const stats = tf.engine().runKernel(BN_STATS, { x }) as tf.Tensor1D;
  const xHat = tf.engine().runKernel(BN_NORMALISE, { x, stats }, { eps } as unknown as tf.NamedAttrMap) as tf.Tensor;
  const variance = stats.slice(c, c);
  return { mean: stats.slice(0, c), variance, xHat, scale: variance };
}

/** ∂x, ∂γ, ∂β by ctsieve's WebGPU programs (ReLU's mask included when y is given): sums, ∂x, two slices. */
function webgpuGrads(dy: tf.Tensor, y: tf.Tensor | undefined, xh: tf.Tensor, g: tf.Tensor, variance: tf.Tensor, eps: number): BnGrads {
  const c = dy.shape[dy.rank - 1];
  const sums = tf.engine().runKernel(BN_GRAD_SUMS, y ? { dy, xHat: xh, y } : { dy, xHat: xh }) as tf.Tensor1D;
  const inputs: tf.NamedTensorMap = { dy, xHat: xh, sums, gamma: g, variance, ...(y ? { y } : {}) };
  const dx = tf.engine().runKernel(BN_GRAD_INPUT, inputs, { eps } as unknown as tf.NamedAttrMap) as tf.Tensor;
  return { dx, dBeta: sums.slice(0, c), dGamma: sums.slice(c, c) };
}

/** Which of ctsieve's own BatchNorm kernels a map takes on the active backend, if any. */
function ownKernels(shape: number[]): 'wasm' | 'webgpu' | undefined {
  if (wasmBatchNormApplies(shape)) return 'wasm';
  return tf.getKernel(BN_STATS, tf.getBackend()) ? 'webgpu' : undefined;
}

/** A BN call's input and parameter gradients. */
interface BnGrads {
  dx: tf.Tensor;
  dGamma: tf.Tensor;
  dBeta: tf.Tensor;
}

/** ∂x, ∂γ, ∂β of a large map (scale = 1/σ): Σ/N as means through the average pool (then Σ = mean·N), ∂x as products. */
function largeMapGrads(dz: tf.Tensor, xh: tf.Tensor, g: tf.Tensor, invStd: tf.Tensor, axes: number[], n: number): BnGrads {
  const mBeta = channelMean(dz, axes);
  const mGamma = channelMean(dz.mul(xh), axes);
  const dx = dz.sub(mBeta).sub(xh.mul(mGamma)).mul(g.mul(invStd));
  return { dx, dGamma: mGamma.mul(n), dBeta: mBeta.mul(n) };
}

/** ∂x, ∂γ, ∂β of a small map (scale = var): the last subtraction and the scaling by γ/σ are one FusedBatchNorm kernel. */
function smallMapGrads(dz: tf.Tensor, xh: tf.Tensor, g: tf.Tensor, variance: tf.Tensor, axes: number[], n: number, eps: number): BnGrads {
  const dBeta = tf.sum(dz, axes);
  const dGamma = tf.sum(dz.mul(xh), axes);
  const dx = normalise(dz.sub(xh.mul(dGamma.div(n))), dBeta.div(n), variance, eps, g);
  return { dx, dGamma, dBeta };
}

/** γ viewed as the [1, 1, C, 1] depthwise filter, once per step for a γ variable the step's BN calls share. */
function cachedFilter(cache: KernelCache, g: tf.Tensor): tf.Tensor {
  let f = cache.get(g);
  if (!f) {
    f = tf.keep(g.reshape([1, 1, g.size, 1])) as tf.Tensor4D;
    cache.set(g, f);
  }
  return f;
}

/** What a training-mode BN op does after the affine step: add a residual (a ResNet shortcut), then ReLU. */
export interface BatchNormFusion {
  relu?: boolean;
  residual?: tf.Tensor;
  /** The step's per-weight cache (conv.ts): a γ variable's filter view is shared by its calls (one Reshape, not one per crop size). */
  kernels?: KernelCache;
}

/**
 * Training-mode BatchNorm as one op with its closed-form gradient (tf.customGrad) instead of
 * autodiff through moments (~3× the kernels). With x̂ = (x − μ)/σ, σ = √(var + eps), N values per channel:
 *   y = γ·x̂ + β;  ∂β = Σ dy;  ∂γ = Σ dy·x̂;  ∂x = γ/σ · (dy − ∂β/N − x̂·∂γ/N).
 * On maps under POOLED_MEAN_MIN_PIXELS (normalisedBatch, smallMapGrads): var = mean of (x − μ)² by one
 * SquaredDifference kernel, x̂ by one FusedBatchNorm kernel, and ∂x = FusedBatchNorm(dz − x̂·∂γ/N; mean ∂β/N,
 * var, scale γ), i.e. (dz − x̂·∂γ/N − ∂β/N)·γ/σ: five kernels fewer per call than the elementwise chain
 * (sub, square, add, rsqrt, mul / sub, mul, mul) the large maps keep (wasm's FusedBatchNorm is slower per
 * element there); values within float32 rounding of each other (FusedBatchNorm divides by √(var + eps)).
 * `fusion` folds the ops that follow in a ResNet into the same op: u = γ·x̂ + β (+ r), y = relu(u), with
 * dz = dy·step(y) in place of dy above and ∂r = dz; the same float32 operations as the separate ops
 * (tfjs's ReLU gradient is dy·step(u), and step(relu(u)) = step(u)). A tf.Variable γ is read directly
 * in the backward pass (variables outlive it); any other γ is saved. On tfjs-wasm (channels a multiple of
 * 4) the statistics, x̂ and the whole backward (ReLU's mask included) are one SIMD kernel each
 * (backend/wasmBatchNorm.ts); on WebGPU two WGSL programs each way plus two slices
 * (backend/webgpuTrainKernels.ts); the affine step, residual and ReLU stay as above.
 */
export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number, name: string, record: BatchStats[], fusion: BatchNormFusion = {}): tf.Tensor {
  const axes = x.rank === 4 ? [0, 1, 2] : [0];
  const n = axes.reduce((a, ax) => a * x.shape[ax], 1);
  if (n < 2) throw new Error(`BatchNorm ${name}: needs more than one value per channel in training (got ${n}); use a larger batch`);
  const { relu = false, residual, kernels } = fusion;
  const gammaIsVariable = gamma instanceof tf.Variable;
  const own = ownKernels(x.shape);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, b] = args as tf.Tensor[];
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const { mean, variance, xHat, scale } = own === 'wasm' ? normalisedBatchSimd(xi, eps) : own === 'webgpu' ? normalisedBatchWebgpu(xi, eps) : normalisedBatch(xi, axes, eps);
    // the running-statistics update needs no gradient: kept beyond the op's own scope
    record.push({ name, mean: tf.keep(mean) as tf.Tensor1D, variance: tf.keep(variance) as tf.Tensor1D, count: n });
    let y = affine(xHat, g, b, relu && !residual, gammaIsVariable ? kernels : undefined);
    if (residual) y = y.add(args[3] as tf.Tensor);
    if (relu && residual) y = tf.relu(y);
    // tf.gradients disposes the forward pass's intermediates before the backward one: save what it reads
    const refs = saveForBackward([xHat, scale, ...(relu ? [y] : []), ...(gammaIsVariable ? [] : [g])], save);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, savedByTfjs: tf.Tensor[]) => {
        const saved = refs ?? savedByTfjs;
        const [xh, scale] = saved;
        const gs = gammaIsVariable ? gamma : saved[saved.length - 1];
        const y = relu ? saved[2] : undefined;
        if (own === 'wasm') {
          const r = simdGrads(dy, y, xh, gs, scale, eps, !!residual && relu);
          return residual ? [r.dx, r.dGamma, r.dBeta, r.dz ?? dy] : [r.dx, r.dGamma, r.dBeta];
        }
        // dz = dy·step(y): the residual's gradient, and the tfjs forms' input (WebGPU's programs mask dy themselves)
        const masked = () => (y ? dy.mul(tf.step(y)) : dy);
        if (own === 'webgpu') {
          const r = webgpuGrads(dy, y, xh, gs, scale, eps);
          return residual ? [r.dx, r.dGamma, r.dBeta, masked()] : [r.dx, r.dGamma, r.dBeta];
        }
        const dz = masked();
        const { dx, dGamma, dBeta } = pooledMean(x.shape) ? largeMapGrads(dz, xh, gs, scale, axes, n) : smallMapGrads(dz, xh, gs, scale, axes, n, eps);
        return residual ? [dx, dGamma, dBeta, dz] : [dx, dGamma, dBeta];
      },
    };
  });
  return residual ? op(x, gamma, beta, residual) : op(x, gamma, beta);
}

export function batchNormEval(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, runningMean: tf.Tensor, runningVar: tf.Tensor, eps: number): tf.Tensor {
  return x.sub(runningMean).mul(tf.rsqrt(runningVar.add(eps))).mul(gamma).add(beta);
}

/**
 * Applies recorded batch statistics to the running buffers in call order, then frees them:
 *   running = (1 − momentum)·running + momentum·batch, per BN call, batch variance made unbiased
 *   first (variance · N/(N−1), the same float32 factor per element as one multiply per call).
 * A BN node called k times (once per crop size) is updated k times in that order; all nodes' r-th
 * calls are one flat update (concat, seven elementwise kernels, split) instead of seven kernels per call.
 */
export function updateRunningStats(
  record: BatchStats[],
  buffer: (name: string, which: 'running_mean' | 'running_var') => tf.Variable,
  counters: Map<string, number>,
): void {
  const rounds: BatchStats[][] = [];
  const calls = new Map<string, number>();
  for (const r of record) {
    const k = calls.get(r.name) ?? 0;
    calls.set(r.name, k + 1);
    (rounds[k] ??= []).push(r);
    counters.set(r.name, (counters.get(r.name) ?? 0) + 1);
  }
  for (const round of rounds) {
    tf.tidy(() => {
      const sizes = round.map((r) => r.mean.size);
      const correction = new Float32Array(sizes.reduce((a, b) => a + b, 0));
      let at = 0;
      round.forEach((r, i) => {
        correction.fill(r.count / (r.count - 1), at, at + sizes[i]);
        at += sizes[i];
      });
      const unbiased = tf.concat(round.map((r) => r.variance)).mul(tf.tensor1d(correction));
      for (const [which, batch] of [['running_mean', tf.concat(round.map((r) => r.mean))], ['running_var', unbiased]] as const) {
        const buffers = round.map((r) => buffer(r.name, which));
        const next = tf.concat(buffers).mul(1 - BN_MOMENTUM).add(batch.mul(BN_MOMENTUM));
        const parts = round.length === 1 ? [next] : tf.split(next, sizes);
        parts.forEach((t, i) => buffers[i].assign(t));
      }
    });
  }
  tf.dispose(record.flatMap((r) => [r.mean, r.variance]));
  record.length = 0;
}
