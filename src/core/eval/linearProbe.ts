/**
 * The linear probe: multinomial logistic (softmax) regression on frozen features, mini-batch Adam
 * (β 0.9/0.999, ε 1e-8, PyTorch's defaults) on the mean cross-entropy, early stopping on the
 * validation cross-entropy (the best epoch's weights are kept). Features are standardised with
 * the training part's per-feature mean and std. Pure TypeScript in float64: deterministic per seed.
 */
import { throwIfAborted } from '../runtime';
import { createRng, gaussian, shuffleInPlace } from './random';

export interface ProbeOptions {
  classes: number;
  epochs: number;
  batch: number;
  lr: number;
  patience: number;
  seed: number;
  signal?: AbortSignal;
  onEpoch?(epoch: number, valLoss: number): void;
}

export interface LinearProbe {
  /** [features × classes], row-major, on standardised features. */
  weights: Float64Array;
  bias: Float64Array;
  centre: Float64Array;
  scale: Float64Array;
  classes: number;
  epochsTrained: number;
  bestEpoch: number;
}

type Rows = readonly ArrayLike<number>[];

function standardiser(x: Rows): { centre: Float64Array; scale: Float64Array } {
  const f = x[0].length;
  const centre = new Float64Array(f);
  const scale = new Float64Array(f);
  for (const row of x) for (let j = 0; j < f; j++) centre[j] += row[j] / x.length;
  for (const row of x) for (let j = 0; j < f; j++) scale[j] += (row[j] - centre[j]) ** 2 / x.length;
  for (let j = 0; j < f; j++) scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1;
  return { centre, scale };
}

/** Class probabilities (softmax of the logits) of every row. */
export function probeProbabilities(p: Pick<LinearProbe, 'weights' | 'bias' | 'centre' | 'scale' | 'classes'>, x: Rows): number[][] {
  const k = p.classes;
  const f = p.centre.length;
  return x.map((row) => {
    const logits = Array.from(p.bias);
    for (let j = 0; j < f; j++) {
      const v = (row[j] - p.centre[j]) / p.scale[j];
      if (v !== 0) for (let c = 0; c < k; c++) logits[c] += v * p.weights[j * k + c];
    }
    return softmax(logits);
  });
}

export function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Mean cross-entropy −log p[y] (probabilities clamped at 1e-12). */
export function crossEntropy(probabilities: number[][], labels: readonly number[]): number {
  let s = 0;
  probabilities.forEach((p, i) => (s -= Math.log(Math.max(p[labels[i]], 1e-12))));
  return s / probabilities.length;
}

export function trainLinearProbe(trainX: Rows, trainY: readonly number[], valX: Rows, valY: readonly number[], o: ProbeOptions): LinearProbe {
  if (trainX.length === 0) throw new Error('linear probe: no training samples');
  const k = o.classes;
  const f = trainX[0].length;
  const { centre, scale } = standardiser(trainX);
  const rng = createRng(o.seed);
  const probe: LinearProbe = { weights: Float64Array.from({ length: f * k }, () => 0.01 * gaussian(rng)), bias: new Float64Array(k), centre, scale, classes: k, epochsTrained: 0, bestEpoch: 0 };
  const params = [probe.weights, probe.bias];
  const adam = params.map((p) => ({ m: new Float64Array(p.length), v: new Float64Array(p.length) }));
  let step = 0;
  let best = { loss: Infinity, weights: probe.weights.slice(), bias: probe.bias.slice() };
  const order = trainX.map((_, i) => i);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    throwIfAborted(o.signal, 'evaluate');
    shuffleInPlace(order, rng);
    for (let start = 0; start < order.length; start += o.batch) {
      const grads = gradients(probe, trainX, trainY, order.slice(start, start + o.batch));
      step++;
      params.forEach((p, t) => adamUpdate(p, grads[t], adam[t], step, o.lr));
    }
    probe.epochsTrained = epoch;
    const loss = crossEntropy(probeProbabilities(probe, valX), valY);
    o.onEpoch?.(epoch, loss);
    if (loss < best.loss) {
      best = { loss, weights: probe.weights.slice(), bias: probe.bias.slice() };
      probe.bestEpoch = epoch;
    } else if (epoch - probe.bestEpoch >= o.patience) break;
  }
  probe.weights.set(best.weights);
  probe.bias.set(best.bias);
  return probe;
}

/** ∂(mean CE)/∂W = Xᵀ(P − Y)/B and ∂/∂b = Σ(P − Y)/B over the batch. */
function gradients(p: LinearProbe, x: Rows, y: readonly number[], batch: number[]): [Float64Array, Float64Array] {
  const k = p.classes;
  const f = p.centre.length;
  const gw = new Float64Array(f * k);
  const gb = new Float64Array(k);
  const rows = batch.map((i) => x[i]);
  const probs = probeProbabilities(p, rows);
  batch.forEach((i, r) => {
    const d = probs[r].map((q, c) => (q - (c === y[i] ? 1 : 0)) / batch.length);
    for (let c = 0; c < k; c++) gb[c] += d[c];
    const row = rows[r];
    for (let j = 0; j < f; j++) {
      const v = (row[j] - p.centre[j]) / p.scale[j];
      if (v !== 0) for (let c = 0; c < k; c++) gw[j * k + c] += v * d[c];
    }
  });
  return [gw, gb];
}

/** Adam (Kingma & Ba) with bias correction, PyTorch's defaults. */
function adamUpdate(p: Float64Array, g: Float64Array, s: { m: Float64Array; v: Float64Array }, t: number, lr: number): void {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  const c1 = 1 - b1 ** t;
  const c2 = 1 - b2 ** t;
  for (let i = 0; i < p.length; i++) {
    s.m[i] = b1 * s.m[i] + (1 - b1) * g[i];
    s.v[i] = b2 * s.v[i] + (1 - b2) * g[i] * g[i];
    p[i] -= (lr * (s.m[i] / c1)) / (Math.sqrt(s.v[i] / c2) + eps);
  }
}
