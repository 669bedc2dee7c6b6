/**
 * The fine-tune protocol (the paper's): one linear (dense, softmax) layer on the encoder's features;
 * for the first `headOnlyEpochs` only that layer trains, then every layer does. Adam, mini-batches
 * (the paper: 64), cross-entropy; early stopping on the validation cross-entropy once all layers
 * train (the best epoch's weights are kept). The encoder's weights change: callers snapshot them.
 */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from '../runtime';
import { predictRows, inputBatch, type InputNorm } from './features';
import { crossEntropy } from './linearProbe';
import { createRng, shuffleInPlace } from './random';
import { disposeSnapshot, restoreWeights, snapshotWeights, type WeightSnapshot } from './weights';
import type { LabelledSample } from './types';

export interface FinetuneOptions {
  classes: number;
  epochs: number;
  headOnlyEpochs: number;
  batch: number;
  lr: number;
  lrEncoder: number;
  patience: number;
  seed: number;
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

export async function finetune(encoder: tf.LayersModel, d: Parts, norm: InputNorm, o: FinetuneOptions): Promise<FinetuneResult> {
  const head = tf.layers.dense({ units: o.classes, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed }) });
  const model = tf.model({ inputs: encoder.inputs, outputs: head.apply(encoder.outputs[0]) as tf.SymbolicTensor });
  const flags = encoder.layers.map((l) => l.trainable);
  const setEncoderTrainable = (on: boolean) => encoder.layers.forEach((l) => (l.trainable = on));
  const rng = createRng(o.seed);
  const order = [...d.train];
  let best: { loss: number; weights: WeightSnapshot } = { loss: Infinity, weights: [] };
  let bestEpoch = 0;
  let epochsTrained = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const phase = epoch <= o.headOnlyEpochs ? 'train-head' : 'train-all';
      if (epoch === 1 || epoch === o.headOnlyEpochs + 1) {
        setEncoderTrainable(phase === 'train-all');
        model.compile({ optimizer: tf.train.adam(phase === 'train-all' ? o.lrEncoder : o.lr, 0.9, 0.999, 1e-8), loss: 'categoricalCrossentropy' });
      }
      await trainEpoch(model, d, shuffleInPlace(order, rng), norm, o);
      epochsTrained = epoch;
      const loss = crossEntropy(toNumbers(await predictRows(model, d.samples, d.val, norm, o.batch, o.signal)), d.val.map((i) => d.labels[i]));
      o.onEpoch?.(epoch, phase, loss);
      if (loss < best.loss) {
        disposeSnapshot(best.weights);
        best = { loss, weights: snapshotWeights(model) };
        bestEpoch = epoch;
      } else if (phase === 'train-all' && epoch - Math.max(bestEpoch, o.headOnlyEpochs) >= o.patience) break;
    }
    restoreWeights(model, best.weights);
    const testProbabilities = toNumbers(await predictRows(model, d.samples, d.test, norm, o.batch, o.signal));
    return { testProbabilities, epochsTrained, bestEpoch };
  } finally {
    disposeSnapshot(best.weights);
    encoder.layers.forEach((l, i) => (l.trainable = flags[i]));
    head.dispose();
  }
}

async function trainEpoch(model: tf.LayersModel, d: Parts, order: readonly number[], norm: InputNorm, o: FinetuneOptions): Promise<void> {
  for (let start = 0; start < order.length; start += o.batch) {
    throwIfAborted(o.signal, 'evaluate');
    const idx = order.slice(start, start + o.batch);
    const x = inputBatch(d.samples, idx, norm);
    const y = tf.oneHot(idx.map((i) => d.labels[i]), o.classes).toFloat();
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
