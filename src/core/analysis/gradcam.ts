/**
 * Grad-CAM (Selvaraju et al. 2017) as jacobgil/pytorch-grad-cam's GradCAM computes it, for an
 * encoder (contract A) followed by a linear head on its pooled features:
 *
 *   A = target layer's activation (h×w×C, the last conv block), y_c = head(GAP(A))_c (pre-softmax)
 *   α_k = mean_{h,w} ∂y_c/∂A_k        cam = ReLU(Σ_k α_k A_k)
 *   cam ← (cam − min) / (max(cam − min) + 1e-7)      (scale_cam_image)
 *   then bilinear to the input size with half-pixel centres (torch interpolate, align_corners=False).
 *
 * The gradient comes from tf.grad through the head, so any differentiable head works; the encoder
 * runs in inference mode (BatchNorm on its running statistics).
 */
import * as tf from '@tensorflow/tfjs';
import { resizeBilinear } from '../eval/resize';
import { lastConvLayer } from './blocks';

/** A linear head y = W f + b on pooled features, W in PyTorch's [classes, features] layout (row-major). */
export interface LinearHead {
  classes: number;
  features: number;
  weight: Float32Array;
  bias: Float32Array;
}

export interface GradCam {
  logit: number;
  /** α_k per channel of the target layer. */
  alpha: Float32Array;
  /** Scaled cam at the target layer's resolution, h×w row-major. */
  camLowRes: Float32Array;
  h: number;
  w: number;
  /** Scaled cam at the input's size, S×S row-major. */
  cam: Float32Array;
  size: number;
}

/** The encoder up to its last conv block (shares the encoder's layers: dispose the encoder, not this). */
export function gradCamTrunk(encoder: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: encoder.inputs, outputs: encoder.getLayer(lastConvLayer(encoder)).output as tf.SymbolicTensor });
}

function headLogits(a: tf.Tensor4D, head: LinearHead): tf.Tensor2D {
  const pooled = tf.mean(a, [1, 2]) as tf.Tensor2D; // [1, C]
  const w = tf.tensor2d(head.weight, [head.classes, head.features]);
  return tf.add(tf.matMul(pooled, w, false, true), tf.tensor1d(head.bias)) as tf.Tensor2D;
}

/** (cam − min) / (max + 1e-7) after the shift, in place. */
export function scaleCam(cam: Float32Array): Float32Array {
  let min = Infinity;
  for (const v of cam) min = Math.min(min, v);
  let max = -Infinity;
  for (let i = 0; i < cam.length; i++) max = Math.max(max, (cam[i] -= min));
  for (let i = 0; i < cam.length; i++) cam[i] /= max + 1e-7;
  return cam;
}

/** Grad-CAM of class `cls` for one normalised input x [1, S, S, 1]. */
export async function gradCam(trunk: tf.LayersModel, head: LinearHead, x: tf.Tensor4D, cls: number): Promise<GradCam> {
  if (!Number.isInteger(cls) || cls < 0 || cls >= head.classes) throw new Error(`Grad-CAM: class ${cls} is not one of the head's ${head.classes} classes`);
  const [, size] = x.shape;
  const out = tf.tidy(() => {
    const a = trunk.predict(x) as tf.Tensor4D;
    if (a.shape[3] !== head.features) throw new Error(`Grad-CAM: the target layer has ${a.shape[3]} channels but the head takes ${head.features} features`);
    const logitOf = (t: tf.Tensor4D) => headLogits(t, head).slice([0, cls], [1, 1]).sum() as tf.Scalar;
    const { value, grad } = tf.valueAndGrad(logitOf)(a);
    const alpha = tf.mean(grad, [0, 1, 2]) as tf.Tensor1D; // [C]
    const cam = tf.relu(tf.sum(tf.mul(a, alpha), 3)).squeeze([0]) as tf.Tensor2D; // [h, w]
    return { value, alpha, cam };
  });
  const [logit, alpha, camRaw] = await Promise.all([out.value.data(), out.alpha.data(), out.cam.data()]);
  const [h, w] = out.cam.shape;
  tf.dispose([out.value, out.alpha, out.cam]);
  const camLowRes = scaleCam(Float32Array.from(camRaw));
  return { logit: logit[0], alpha: Float32Array.from(alpha), camLowRes, h, w, cam: resizeBilinear(camLowRes, h, w, size, size), size };
}
