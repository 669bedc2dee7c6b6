/** Projection head, L2 normalisation and prototype scores (training mode). */
import * as tf from '@tensorflow/tfjs';
import { batchNormTrain, type BatchStats } from './batchNorm';
import { dense } from './dense';
import { saveForBackward } from './savedTensors';
import { PROTOTYPES, type SwavModel } from './model';

const HEAD_BN_EPS = 1e-5;

/** torch.nn.functional.normalize's floor on the norm. */
const L2_EPS = 1e-12;

/**
 * y = x / r per row, r = max(‖x‖₂, 1e-12), as torch.nn.functional.normalize, with its closed-form
 * gradient (tf.customGrad; autodiff through tf.norm took ~55 kernels, this 13):
 *   ∂x = (dy − [‖x‖ > ε]·y·Σ_k dy·y) / r
 * (where the floor holds r is a constant and ∂x = dy/ε; torch passes the norm's gradient at ‖x‖ = ε too,
 * a measure-zero difference).
 */
export function l2Normalise(x: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xi = args[0] as tf.Tensor2D;
    const norm = tf.sqrt(tf.sum(tf.square(xi), 1, true));
    const r = tf.maximum(norm, L2_EPS);
    const y = xi.div(r);
    const refs = saveForBackward([y, r, norm], args[args.length - 1] as tf.GradSaveFunc);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, savedByTfjs: tf.Tensor[]) => {
        const [ys, rs, ns] = refs ?? savedByTfjs;
        const along = tf.sum(dy.mul(ys), 1, true).mul(tf.step(ns.sub(L2_EPS)));
        return dy.sub(ys.mul(along)).div(rs);
      },
    };
  });
  return op(x) as tf.Tensor2D;
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
