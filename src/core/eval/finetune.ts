/**
 * The fine-tune protocol (the paper's): one linear (dense, softmax) layer on the encoder's features;
 * for the first `headOnlyEpochs` only that layer trains, then every layer does. Adam, mini-batches
 * (the paper: 64), cross-entropy; the validation cross-entropy after every epoch picks the weights
 * kept (early stopping once all layers train).
 *
 * While the encoder is frozen it runs in inference mode (BatchNorm on its running statistics, as
 * Keras freezes layers): its features are computed once and the head trains on them. Training the
 * head on batch-statistics features instead, then testing on running statistics, gives a head
 * that does not fit the features it is tested on (seen as AUCs far below 0.5 at small budgets).
 * Once all layers train, BatchNorm uses batch statistics and updates its running ones, and the
 * convolutions' gradients are computed as forward convolutions (fastConvGrad.ts).
 * The encoder's weights change: callers snapshot them.
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted, yieldToEventLoop } from '../runtime';
import { predictRows, inputBatch, type InputNorm } from './features';
import { withFastConvGradients } from './fastConvGrad';
import { crossEntropy } from './linearProbe';
import { createRng, shuffleInPlace } from './random';
import type { LabelledSample } from './types';
import { disposeSnapshot, restoreWeights, snapshotWeights, type WeightSnapshot } from './weights';

export interface FinetuneOptions {
  classes: number;
  epochs: number;
  headOnlyEpochs: number;
  batch: number;
  lr: number;
  lrEncoder: number;
  patience: number;
  seed: number;
  /**
   * Convolution gradients as forward convs (fastConvGrad.ts; default true): tfjs's own kernels are
   * naive loops on cpu and missing on wasm. false: tfjs's kernels (for before/after benchmarks).
   */
  fastConvGradients?: boolean;
  signal?: AbortSignal;
  onEpoch?(epoch: number, phase: 'train-head' | 'train-all', valLoss: number): void;
}

export interface FinetuneResult {
  /** Probabilities of the `test` samples with the kept (best) weights. */
  testProbabilities: number[][];
  epochsTrained: number;
  bestEpoch: number;
}

interface Parts {
  samples: readonly LabelledSample[];
  labels: readonly number[];
  train: readonly number[];
  val: readonly number[];
  test: readonly number[];
}

/** The best weights so far (of the whole model) and the epoch they came from. */
class BestKeeper {
  loss = Infinity;
  epoch = 0;
  private weights: WeightSnapshot = [];
  offer(model: tf.LayersModel, loss: number, epoch: number): void {
    if (!(loss < this.loss)) return;
    disposeSnapshot(this.weights);
    this.weights = snapshotWeights(model);
    this.loss = loss;
    this.epoch = epoch;
  }
  restore(model: tf.LayersModel): void {
    if (this.weights.length) restoreWeights(model, this.weights);
  }
  dispose(): void {
    disposeSnapshot(this.weights);
  }
}

export async function finetune(encoder: tf.LayersModel, d: Parts, norm: InputNorm, o: FinetuneOptions): Promise<FinetuneResult> {
  // Near-zero start (N(0, 0.01²), as linear probes usually start): the first steps then move the
  // head along the class-discriminative gradient instead of leaving a random projection in charge.
  const head = tf.layers.dense({ units: o.classes, activation: 'softmax', kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.01, seed: o.seed }) });
  const model = tf.model({ inputs: encoder.inputs, outputs: head.apply(encoder.outputs[0]) as tf.SymbolicTensor });
  const flags = encoder.layers.map((l) => l.trainable);
  const rng = createRng(o.seed);
  const best = new BestKeeper();
  const valLabels = d.val.map((i) => d.labels[i]);
  const optimizers: tf.Optimizer[] = [];
  const adam = (lr: number) => {
    const opt = tf.train.adam(lr, 0.9, 0.999, 1e-8);
    optimizers.push(opt);
    return opt;
  };
  let epochsTrained = 0;
  try {
    const headEpochs = Math.min(o.headOnlyEpochs, o.epochs);
    if (headEpochs > 0) {
      await trainHeadOnFrozenFeatures(encoder, head, d, norm, { ...o, optimizer: adam(o.lr) }, headEpochs, rng, (epoch, loss) => {
        best.offer(model, loss, epoch);
        o.onEpoch?.(epoch, 'train-head', loss);
      });
      epochsTrained = headEpochs;
      best.restore(model);
    }
    if (o.epochs > headEpochs) {
      encoder.layers.forEach((l) => (l.trainable = true));
      model.compile({ optimizer: adam(o.lrEncoder), loss: 'categoricalCrossentropy' });
      const order = [...d.train];
      const trainAll = async () => {
        for (let epoch = headEpochs + 1; epoch <= o.epochs; epoch++) {
          await trainEpoch(model, d.samples, d.labels, shuffleInPlace(order, rng), norm, o);
          epochsTrained = epoch;
          const loss = crossEntropy(toNumbers(await predictRows(model, d.samples, d.val, norm, o.batch, o.signal)), valLabels);
          best.offer(model, loss, epoch);
          o.onEpoch?.(epoch, 'train-all', loss);
          if (epoch - Math.max(best.epoch, headEpochs) >= o.patience) break;
        }
      };
      await (o.fastConvGradients === false ? trainAll() : withFastConvGradients(trainAll));
      best.restore(model);
    }
    const testProbabilities = toNumbers(await predictRows(model, d.samples, d.test, norm, o.batch, o.signal));
    return { testProbabilities, epochsTrained, bestEpoch: best.epoch };
  } finally {
    best.dispose();
    optimizers.forEach((opt) => opt.dispose());
    encoder.layers.forEach((l, i) => (l.trainable = flags[i]));
    // The head was applied twice (on the encoder, on the frozen features): each apply holds a reference.
    while (head.dispose().refCountAfterDispose > 0);
  }
}

/** Head-only epochs: the frozen encoder's inference-mode features once, then the dense layer on them. */
async function trainHeadOnFrozenFeatures(
  encoder: tf.LayersModel,
  head: tf.layers.Layer,
  d: Parts,
  norm: InputNorm,
  o: FinetuneOptions & { optimizer: tf.Optimizer },
  epochs: number,
  rng: () => number,
  afterEpoch: (epoch: number, valLoss: number) => void,
): Promise<void> {
  const trainFeatures = await predictRows(encoder, d.samples, d.train, norm, o.batch, o.signal);
  const valFeatures = await predictRows(encoder, d.samples, d.val, norm, o.batch, o.signal);
  const featureDim = trainFeatures[0].length;
  const input = tf.input({ shape: [featureDim] });
  const probe = tf.model({ inputs: input, outputs: head.apply(input) as tf.SymbolicTensor });
  probe.compile({ optimizer: o.optimizer, loss: 'categoricalCrossentropy' });
  const trainLabels = d.train.map((i) => d.labels[i]);
  const order = trainFeatures.map((_, i) => i);
  const valX = rowsTensor(valFeatures, featureDim);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffleInPlace(order, rng);
      for (let start = 0; start < order.length; start += o.batch) {
        throwIfAborted(o.signal, 'evaluate');
        const idx = order.slice(start, start + o.batch);
        const x = rowsTensor(idx.map((i) => trainFeatures[i]), featureDim);
        const y = tf.tidy(() => tf.oneHot(idx.map((i) => trainLabels[i]), o.classes).toFloat());
        try {
          await probe.trainOnBatch(x, y);
        } finally {
          tf.dispose([x, y]);
        }
      }
      const p = probe.predict(valX) as tf.Tensor;
      const loss = crossEntropy((await p.array()) as number[][], d.val.map((i) => d.labels[i]));
      p.dispose();
      afterEpoch(epoch, loss);
    }
  } finally {
    valX.dispose();
  }
}

function rowsTensor(rows: readonly Float32Array[], width: number): tf.Tensor2D {
  const flat = new Float32Array(rows.length * width);
  rows.forEach((r, i) => flat.set(r, i * width));
  return tf.tensor2d(flat, [rows.length, width]);
}

async function trainEpoch(model: tf.LayersModel, samples: readonly LabelledSample[], labels: readonly number[], order: readonly number[], norm: InputNorm, o: FinetuneOptions): Promise<void> {
  for (let start = 0; start < order.length; start += o.batch) {
    await yieldToEventLoop(); // lets a worker hear cancel between batches
    throwIfAborted(o.signal, 'evaluate');
    const idx = order.slice(start, start + o.batch);
    const x = inputBatch(samples, idx, norm);
    const y = tf.tidy(() => tf.oneHot(idx.map((i) => labels[i]), o.classes).toFloat());
    try {
      await model.trainOnBatch(x, y);
    } finally {
      tf.dispose([x, y]);
    }
  }
}

function toNumbers(rows: Float32Array[]): number[][] {
  return rows.map((r) => Array.from(r));
}
