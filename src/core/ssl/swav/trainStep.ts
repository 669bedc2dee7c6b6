/**
 * One SwAV iteration (main_swav.py's train loop body):
 *   1. normalise the prototype rows (no gradient);
 *   2. forward: crops of one size through the backbone together (BN statistics per size group),
 *      features concatenated in crop order, head, L2, scores;
 *   3. codes by Sinkhorn on the assign crops' scores (stop-gradient), swapped-prediction loss;
 *   4. gradients of every trainable tensor, the prototypes' left out while frozen;
 *   5. BN running statistics updated from the batch statistics (call order, as PyTorch);
 *   6. optimiser step; 7. queue push.
 * Returns the step diagnostics as one small tensor (the caller reads and disposes it).
 */
import * as tf from '@tensorflow/tfjs';
import { updateRunningStats, type BatchStats } from './batchNorm';
import { disposeKernelCache, type KernelCache } from './conv';
import { backboneForward } from './forward';
import { headForward } from './head';
import { stepDiagnostics, swavLoss } from './loss';
import { PROTOTYPES, type SwavModel } from './model';
import type { SwavOptimizer } from './optimizers';
import type { EmbeddingQueue } from './queue';
import { withSavedTensors } from './savedTensors';

export interface SwavStepSettings {
  batch: number;
  /** Crops per size group, e.g. [2, 6]. */
  nmbCrops: number[];
  cropsForAssign: number[];
  epsilon: number;
  sinkhornIterations: number;
  temperature: number;
}

export interface SwavStepOptions {
  lr: number;
  freezePrototypes: boolean;
  /** Queue to read (when full and `useQueue`) and to push into. */
  queue?: EmbeddingQueue;
  useQueue?: boolean;
  /** Keep the intermediate tensors for conformance tests (the caller disposes them). */
  debug?: boolean;
}

export interface SwavStepDebug {
  loss: tf.Scalar;
  z: tf.Tensor2D;
  scores: tf.Tensor2D;
  /** Codes per assign crop [B, K]. */
  codes: tf.Tensor2D[];
  grads: Map<string, tf.Tensor>;
}

export interface SwavStepResult {
  /** [loss, sampleEntropy, meanEntropy, prototypesUsed]. */
  diagnostics: tf.Tensor1D;
  debug?: SwavStepDebug;
}

/** groups[g]: the crops of size group g stacked [nmbCrops[g]·B, S_g, S_g, 1], crop-major. */
export function swavTrainStep(model: SwavModel, optimizer: SwavOptimizer, groups: tf.Tensor4D[], s: SwavStepSettings, o: SwavStepOptions): SwavStepResult {
  if (groups.length !== s.nmbCrops.length) throw new Error(`SwAV step: ${groups.length} crop groups for nmbCrops ${JSON.stringify(s.nmbCrops)}`);
  model.normalisePrototypes();
  const record: BatchStats[] = [];
  const kernels: KernelCache = new Map();
  let kept: { z: tf.Tensor2D; scores: tf.Tensor2D; codes: tf.Tensor3D; logProbs: tf.Tensor2D } | undefined;
  const totalCrops = s.nmbCrops.reduce((a, b) => a + b, 0);
  const queue = o.useQueue && o.queue?.full ? o.queue : undefined;
  const vars = model.trainable(!o.freezePrototypes);
  let computed: { value: tf.Scalar; grads: tf.NamedTensorMap };
  try {
    // the custom-gradient ops' saved tensors are references owned by this scope, freed when it ends
    computed = withSavedTensors(() => tf.variableGrads(() => {
      const features = tf.concat(groups.map((x) => backboneForward(model.spec.graph, x, (n) => model.get(n), { training: true, record, kernels }))) as tf.Tensor2D;
      const { z, scores } = headForward(model, features, record);
      const { loss: l, codes, logProbs } = swavLoss(scores, {
        batch: s.batch,
        totalCrops,
        cropsForAssign: s.cropsForAssign,
        epsilon: s.epsilon,
        sinkhornIterations: s.sinkhornIterations,
        temperature: s.temperature,
        queueScores: queue ? () => queue.scores(model.get(PROTOTYPES) as tf.Tensor2D) : undefined,
      });
      kept = { z: tf.keep(z), scores: tf.keep(scores), codes: tf.keep(codes), logProbs: tf.keep(logProbs) };
      return l;
    }, vars));
  } finally {
    disposeKernelCache(kernels);
  }
  const { value: loss, grads: byVariable } = computed;
  const grads = new Map(Object.entries(byVariable).map(([vname, g]) => [model.nameOf(vname), g]));
  updateRunningStats(record, (bn, which) => model.buffers.get(`${bn}.${which}`)!, model.batchesTracked);
  optimizer.apply(model, grads, o.lr);
  const k = kept!;
  const diagnostics = stepDiagnostics(loss, k.logProbs);
  if (o.queue) {
    const current = s.cropsForAssign.map((a) => k.z.slice([a * s.batch, 0], [s.batch, -1]) as tf.Tensor2D);
    o.queue.push(current);
    tf.dispose(current);
  }
  if (o.debug) {
    const codes = tf.unstack(k.codes) as tf.Tensor2D[];
    tf.dispose([k.codes, k.logProbs]);
    return { diagnostics, debug: { loss, z: k.z, scores: k.scores, codes, grads } };
  }
  tf.dispose([loss, k.z, k.scores, k.codes, k.logProbs, ...grads.values()]);
  return { diagnostics };
}
