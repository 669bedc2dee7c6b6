/**
 * One MoCo v2 iteration (main_moco.py's train loop body + moco/builder.py), single device:
 *   1. q = f_q(view1) (training-mode BN, gradient); k = f_k(view2) (training-mode BN of f_k's own
 *      buffers, no gradient). No shuffling BN: MoCo's cross-GPU shuffle has no single-device form.
 *   2. logits = [q·k | q·queueᵀ]/τ, loss = cross-entropy with label 0 (InfoNCE).
 *   3. gradients of f_q's parameters; BN running statistics of both encoders updated (call order);
 *   4. optimiser step on f_q; 5. θ_k ← m·θ_k + (1−m)·θ_q (parameters only, after the step);
 *   6. enqueue k.
 * Returns the step diagnostics (see mocoDiagnostics) as one small tensor the caller reads and disposes.
 */
import * as tf from '@tensorflow/tfjs';
import { updateRunningStats, type BatchStats } from '../swav/batchNorm';
import type { EncoderGraph } from '../encoders/graph';
import type { ParamOptimizer } from '../common/optimizers';
import type { ParamSet } from '../common/paramSet';
import { infoNceLogits, infoNceLoss, mocoDiagnostics } from './loss';
import { mocoEncode } from './network';
import type { KeyQueue } from './queue';

export interface MocoStepSettings {
  temperature: number;
  keyMomentum: number;
}

export interface MocoStepDebug {
  q: tf.Tensor2D;
  k: tf.Tensor2D;
  logits: tf.Tensor2D;
  loss: tf.Scalar;
  grads: Map<string, tf.Tensor>;
}

export interface MocoStepResult {
  diagnostics: tf.Tensor1D;
  debug?: MocoStepDebug;
}

/** θ_k ← m·θ_k + (1−m)·θ_q for every parameter (not the BN buffers: f_k keeps its own). */
export function momentumUpdate(key: ParamSet, query: ParamSet, m: number): void {
  for (const [name, pq] of query.params) {
    const pk = key.get(name);
    tf.tidy(() => pk.assign(pk.mul(m).add(pq.mul(1 - m))));
  }
}

/** view1, view2: [B, H, W, 1] normalised views of the same B images. */
export function mocoTrainStep(
  graph: EncoderGraph,
  query: ParamSet,
  key: ParamSet,
  optimizer: ParamOptimizer,
  queue: KeyQueue,
  views: [tf.Tensor4D, tf.Tensor4D],
  s: MocoStepSettings,
  o: { lr: number; debug?: boolean },
): MocoStepResult {
  const queryStats: BatchStats[] = [];
  const keyStats: BatchStats[] = [];
  let kept: { q: tf.Tensor2D; logits: tf.Tensor2D } | undefined;
  const k = tf.tidy(() => mocoEncode(key, graph, views[1], keyStats));
  const { value: loss, grads: byVariable } = tf.variableGrads(() => {
    const q = mocoEncode(query, graph, views[0], queryStats);
    const logits = infoNceLogits(q, k, queue.rows, s.temperature);
    kept = { q: tf.keep(q), logits: tf.keep(logits) };
    return infoNceLoss(logits);
  }, [...query.params.values()]);
  const grads = new Map(Object.entries(byVariable).map(([v, g]) => [query.nameOf(v), g]));
  updateRunningStats(queryStats, (bn, which) => query.buffers.get(`${bn}.${which}`)!, query.batchesTracked);
  updateRunningStats(keyStats, (bn, which) => key.buffers.get(`${bn}.${which}`)!, key.batchesTracked);
  optimizer.apply(query, grads, o.lr);
  momentumUpdate(key, query, s.keyMomentum);
  const { q, logits } = kept!;
  const diagnostics = mocoDiagnostics(loss, logits, s.temperature);
  queue.enqueue(k);
  if (o.debug) return { diagnostics, debug: { q, k, logits, loss, grads } };
  tf.dispose([q, k, logits, loss, ...grads.values()]);
  return { diagnostics };
}
