/**
 * 'valid' convolutions with their weight gradient computed as a forward convolution:
 *   dW[ky, kx, ci, co] = Σ_{n,y,x} x[n, y·s+ky, x·s+kx, ci] · dy[n, y, x, co]
 * is conv2d(x viewed as [Cin, H, W, N], dy viewed as a [Ho, Wo, N, Cout] filter, dilation s),
 * cropped to k × k. Why: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, and the cpu and
 * WebGPU ones are naive loops (on cpu ~100× slower than the forward pass); a forward conv runs
 * on every backend's fast path. The input gradient stays tfjs's conv2dTranspose
 * (Conv2DBackpropInput exists on every backend). convWeightGradIm2col is the same sum as one
 * matrix product over strided slices (a cross-check for tests). Depthwise convolutions (MobileNetV2)
 * keep tfjs's own gradients, which wasm lacks: MobileNetV2 trains on cpu, webgl and webgpu only.
 */
import * as tf from '@tensorflow/tfjs';

/** x[n, ky + s·y, kx + s·x, :] for all output positions: [N, Ho, Wo, C]. */
function shifted(x: tf.Tensor4D, ky: number, kx: number, stride: number, ho: number, wo: number): tf.Tensor4D {
  const [n, , , c] = x.shape;
  return tf.stridedSlice(x, [0, ky, kx, 0], [n, ky + (ho - 1) * stride + 1, kx + (wo - 1) * stride + 1, c], [1, stride, stride, 1]) as tf.Tensor4D;
}

export function convWeightGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const xt = x.transpose([3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H, W, N]
    const filter = dy.transpose([1, 2, 0, 3]) as tf.Tensor4D; // [Ho, Wo, N, Cout]
    const full = tf.conv2d(xt, filter, 1, 'valid', 'NHWC', stride); // [Cin, ≥k, ≥k, Cout]
    return full.slice([0, 0, 0, 0], [-1, kernel, kernel, -1]).transpose([1, 2, 0, 3]) as tf.Tensor4D;
  });
}

export function convWeightGradIm2col(x: tf.Tensor4D, dy: tf.Tensor4D, kernel: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, ho, wo, cout] = dy.shape;
    const cin = x.shape[3];
    const slices: tf.Tensor4D[] = [];
    for (let ky = 0; ky < kernel; ky++) for (let kx = 0; kx < kernel; kx++) slices.push(shifted(x, ky, kx, stride, ho, wo));
    const patches = (slices.length === 1 ? slices[0] : tf.concat(slices, 3)).reshape([n * ho * wo, kernel * kernel * cin]);
    const dw = tf.matMul(patches as tf.Tensor2D, dy.reshape([n * ho * wo, cout]) as tf.Tensor2D, true, false);
    return dw.reshape([kernel, kernel, cin, cout]) as tf.Tensor4D;
  });
}

type Saved = (tensors: tf.Tensor[]) => void;

/** tf.conv2d(x, w, stride, 'valid') with the im2col weight gradient. */
export function conv2dValid(x: tf.Tensor4D, w: tf.Tensor4D, stride: number): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, Saved];
    save([xi, wi]);
    return {
      value: tf.conv2d(xi, wi, stride, 'valid'),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dy4 = dy as tf.Tensor4D;
        return [tf.conv2dTranspose(dy4, ws, xs.shape, stride, 'valid'), convWeightGrad(xs, dy4, ws.shape[0], stride)];
      },
    };
  });
  return f(x, w) as tf.Tensor4D;
}
