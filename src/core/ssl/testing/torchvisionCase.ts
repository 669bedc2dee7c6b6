/**
 * The torchvision round-trip case, shared by scripts/torchvision/export-case.ts (which writes the
 * files the PyTorch script loads) and the Node test that checks the committed fixture: a seeded
 * 1-channel resnet18 (width 64, torchvision's layout) with seeded non-trivial BatchNorm parameters
 * and running statistics, and a seeded normalised input batch.
 */
import * as tf from '@tensorflow/tfjs';
import { buildEncoderLayersModel } from '../encoders';
import { encoderInfo } from '../export/encoderExport';
import { pretrainPreset } from '../presets';
import { Rng } from '../rng';
import type { EncoderInfo } from '../encoders/types';

export const TORCHVISION_CASE = { seed: 11, inputSize: 64, images: 2, width: 64, batchesTracked: 7 } as const;

export function torchvisionCase(): { encoder: tf.LayersModel; info: EncoderInfo; input: Float32Array; inputShape: [number, number, number, number]; batchesTracked: Record<string, number> } {
  const { seed, inputSize, images, width } = TORCHVISION_CASE;
  const encoder = buildEncoderLayersModel({ arch: 'resnet18', inputSize, width }, seed);
  const rng = new Rng(seed + 1);
  const batchesTracked: Record<string, number> = {};
  for (const layer of encoder.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const n = layer.getWeights()[0].shape[0];
    const draw = (lo: number, hi: number) => tf.tensor1d(Float32Array.from({ length: n }, () => rng.uniform(lo, hi)));
    const values = [draw(0.5, 1.5), draw(-0.2, 0.2), draw(-0.2, 0.2), draw(0.5, 2)];
    layer.setWeights(values);
    tf.dispose(values);
    batchesTracked[layer.name] = TORCHVISION_CASE.batchesTracked;
  }
  const config = pretrainPreset('short', { inputSize, width, arch: 'resnet18' });
  const info = encoderInfo(config, 8 * width);
  // already normalised input ((u8/255 − mean)/std), as the export form takes it
  const input = Float32Array.from({ length: images * inputSize * inputSize }, () => (rng.next() - config.mean) / config.std);
  return { encoder, info, input, inputShape: [images, inputSize, inputSize, 1], batchesTracked };
}
