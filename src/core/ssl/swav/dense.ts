/**
 * Matrix products of the projection head with their gradients as plain products of explicitly
 * transposed operands. For y = x·w:  ∂x = dy·wᵀ,  ∂w = xᵀ·dy;  for y = x·wᵀ:  ∂x = dy·w,  ∂w = dyᵀ·x.
 * Why: tfjs's own MatMul gradient passes transposeA/transposeB to BatchMatMul, which
 * tfjs-backend-wasm runs off its fast path (the head's [192, 128]ᵀ·[192, 512] ~18× slower than a
 * Transpose followed by a plain product). Same sums, so values agree to float32 round-off.
 */
import * as tf from '@tensorflow/tfjs';
import { saveForBackward } from './savedTensors';

/** x [B, I] · w [I, O] (or · wᵀ for w [O, I] when `transposeW`). A tf.Variable w is not saved for the backward pass. */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, transposeW = false): tf.Tensor2D {
  const variable = w instanceof tf.Variable;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    // tf.gradients disposes the forward pass's intermediates before the backward one: x (and a non-variable w) are saved
    const refs = saveForBackward(variable ? [xi] : [xi, wi], save);
    return {
      value: tf.matMul(xi, wi, false, transposeW),
      gradFunc: (dy: tf.Tensor, savedByTfjs: tf.Tensor[]) => {
        const saved = refs ?? savedByTfjs;
        const xs = saved[0] as tf.Tensor2D;
        const ws = variable ? w : (saved[1] as tf.Tensor2D);
        const d = dy as tf.Tensor2D;
        if (transposeW) return [tf.matMul(d, ws), tf.matMul(d.transpose(), xs)];
        return [tf.matMul(d, ws.transpose()), tf.matMul(xs.transpose(), d)];
      },
    };
  });
  return op(x, w) as tf.Tensor2D;
}
