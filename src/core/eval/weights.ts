/**
 * Weight snapshots per layer. A model's getWeights() lists trainable weights first, so its order
 * changes when layers are frozen or unfrozen; each layer's own list keeps one order.
 */
import * as tf from '@tensorflow/tfjs';

export type WeightSnapshot = tf.Tensor[][];

export function snapshotWeights(model: tf.LayersModel): WeightSnapshot {
  return model.layers.map((l) => l.getWeights().map((w) => w.clone()));
}

export function restoreWeights(model: tf.LayersModel, snapshot: WeightSnapshot): void {
  model.layers.forEach((l, i) => snapshot[i].length && l.setWeights(snapshot[i]));
}

export function disposeSnapshot(snapshot: WeightSnapshot): void {
  snapshot.forEach((ws) => tf.dispose(ws));
}
