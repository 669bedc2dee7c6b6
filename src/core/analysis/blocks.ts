/**
 * Which activations of an encoder (contract A's export form, a tfjs LayersModel whose layer names are
 * the PyTorch module names) the analyses look at: the output of every block for CKA, and the last
 * conv block (the input of the global average pooling) for Grad-CAM.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncoderArch } from '../ssl/encoders/types';

/** The layer whose output the final GlobalAveragePooling2D pools: Grad-CAM's target layer. */
export function lastConvLayer(model: tf.LayersModel): string {
  const gap = model.layers.find((l) => l.getClassName() === 'GlobalAveragePooling2D');
  if (!gap) throw new Error(`encoder ${model.name}: no GlobalAveragePooling2D layer (contract A's pooled encoder expected)`);
  const input = gap.input as tf.SymbolicTensor | tf.SymbolicTensor[];
  const source = Array.isArray(input) ? input[0] : input;
  return source.sourceLayer.name;
}

/**
 * Block outputs, in forward order: tiny → relu1, relu2; resnet18 → the stem's `relu` and each
 * BasicBlock's `layerX.Y.relu2`; mobilenetv2 (and anything else) → each residual `Add` and the last
 * conv block. Always ends with the last conv block.
 */
export function blockLayers(model: tf.LayersModel, arch: EncoderArch | string): string[] {
  const last = lastConvLayer(model);
  const names = model.layers.map((l) => l.name);
  let picked: string[];
  if (arch === 'tiny') picked = model.layers.filter((l) => l.getClassName() === 'ReLU').map((l) => l.name);
  else if (arch === 'resnet18') picked = names.filter((n) => n === 'relu' || /^layer\d+\.\d+\.relu2$/.test(n));
  else picked = model.layers.filter((l) => l.getClassName() === 'Add').map((l) => l.name);
  if (!picked.includes(last)) picked.push(last);
  return picked.sort((a, b) => names.indexOf(a) - names.indexOf(b));
}
