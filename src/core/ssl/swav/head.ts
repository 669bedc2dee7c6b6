/** Projection head, L2 normalisation and prototype scores (training mode). */
import * as tf from '@tensorflow/tfjs';
import { batchNormTrain, type BatchStats } from './batchNorm';
import { dense } from './dense';
import { PROTOTYPES, type SwavModel } from './model';

const HEAD_BN_EPS = 1e-5;

/** x / max(‖x‖₂, 1e-12) per row, as torch.nn.functional.normalize. */
export function l2Normalise(x: tf.Tensor2D): tf.Tensor2D {
  return x.div(tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12));
}

/** z = L2(Linear(ReLU(BN1d(Linear(features))))) and scores = z · prototypesᵀ. */
export function headForward(model: SwavModel, features: tf.Tensor2D, record: BatchStats[]): { z: tf.Tensor2D; scores: tf.Tensor2D } {
  const g = (n: string) => model.get(n);
  const h = dense(features, g('proj1.weight') as tf.Tensor2D).add(g('proj1.bias'));
  const a = batchNormTrain(h, g('pbn.weight'), g('pbn.bias'), HEAD_BN_EPS, 'pbn', record, { relu: true }) as tf.Tensor2D;
  const z = l2Normalise(dense(a, g('proj2.weight') as tf.Tensor2D).add(g('proj2.bias')) as tf.Tensor2D);
  const scores = dense(z, g(PROTOTYPES) as tf.Tensor2D, true);
  return { z, scores };
}
