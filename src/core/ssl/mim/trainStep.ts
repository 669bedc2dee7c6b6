/**
 * One dense masked-image-modelling step: masked input x·(1 − mask) → encoder feature map → 1×1
 * conv + pixel shuffle → loss on the masked patches against per-patch normalised targets (./loss.ts);
 * gradients of every parameter, BN running statistics, optimiser step. Returns [loss, zeroPredictionLoss].
 */
import * as tf from '@tensorflow/tfjs';
import { updateRunningStats, type BatchStats } from '../swav/batchNorm';
import type { EncoderGraph } from '../encoders/graph';
import type { ParamOptimizer } from '../common/optimizers';
import type { ParamSet } from '../common/paramSet';
import { applyMask, mimLoss, normalisedTargets } from './loss';
import { mimForward } from './network';

export interface MimStepDebug {
  masked: tf.Tensor4D;
  pred: tf.Tensor4D;
  targets: tf.Tensor4D;
  loss: tf.Scalar;
  grads: Map<string, tf.Tensor>;
}

/** x [N, H, W, 1] normalised images; mask [N, H/P, W/P] (1 = masked). */
export function mimTrainStep(graph: EncoderGraph, net: ParamSet, optimizer: ParamOptimizer, x: tf.Tensor4D, mask: tf.Tensor3D, patch: number, o: { lr: number; debug?: boolean }): { diagnostics: tf.Tensor1D; debug?: MimStepDebug } {
  const record: BatchStats[] = [];
  const masked = applyMask(x, mask, patch);
  const targets = normalisedTargets(x, patch);
  let kept: { pred: tf.Tensor4D; zeroLoss: tf.Scalar } | undefined;
  const { value: loss, grads: byVariable } = tf.variableGrads(() => {
    const pred = mimForward(net, graph, masked, record);
    const { loss: l, zeroLoss } = mimLoss(pred, targets, mask, patch);
    kept = { pred: tf.keep(pred), zeroLoss: tf.keep(zeroLoss) };
    return l;
  }, [...net.params.values()]);
  const grads = new Map(Object.entries(byVariable).map(([v, g]) => [net.nameOf(v), g]));
  updateRunningStats(record, (bn, which) => net.buffers.get(`${bn}.${which}`)!, net.batchesTracked);
  optimizer.apply(net, grads, o.lr);
  const { pred, zeroLoss } = kept!;
  const diagnostics = tf.stack([loss, zeroLoss]) as tf.Tensor1D;
  if (o.debug) {
    zeroLoss.dispose();
    return { diagnostics, debug: { masked, pred, targets, loss, grads } };
  }
  tf.dispose([masked, targets, pred, zeroLoss, loss, ...grads.values()]);
  return { diagnostics };
}
