/**
 * The PyTorch round-trip cases, shared by scripts/torchvision/export-case.ts (which writes the
 * files the PyTorch scripts load) and the Node test that checks the committed fixtures: a seeded
 * 1-channel encoder with seeded non-trivial BatchNorm parameters and running statistics, and a
 * seeded normalised input batch. `resnet18` (width 64, torchvision's layout) goes to torchvision's
 * resnet18(); `tiny` to golden_swav.py's Tiny backbone.
 */
import * as tf from '@tensorflow/tfjs';
import { buildEncoderLayersModel } from '../encoders';
import { encoderInfo } from '../export/encoderExport';
import { pretrainPreset } from '../presets';
import { Rng } from '../rng';
import type { EncoderInfo } from '../encoders/types';

export const TORCHVISION_CASE = { seed: 11, inputSize: 64, images: 2, width: 64, batchesTracked: 7 } as const;
export const TINY_CASE = { seed: 13, inputSize: 32, images: 3, batchesTracked: 5 } as const;

export interface PytorchCase {
  encoder: tf.LayersModel;
  info: EncoderInfo;
  input: Float32Array;
  inputShape: [number, number, number, number];
  batchesTracked: Record<string, number>;
}

/** Sets every BN layer's gamma, beta, moving mean and variance from rng (in layer order); returns num_batches_tracked per BN. */
function seedBatchNorm(encoder: tf.LayersModel, rng: Rng, batches: number): Record<string, number> {
  const batchesTracked: Record<string, number> = {};
  for (const layer of encoder.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const n = layer.getWeights()[0].shape[0];
    const draw = (lo: number, hi: number) => tf.tensor1d(Float32Array.from({ length: n }, () => rng.uniform(lo, hi)));
    const values = [draw(0.5, 1.5), draw(-0.2, 0.2), draw(-0.2, 0.2), draw(0.5, 2)];
    layer.setWeights(values);
    tf.dispose(values);
    batchesTracked[layer.name] = batches;
  }
  return batchesTracked;
}

/** Already normalised input ((u8/255 − mean)/std), as the export form takes it, NHWC with 1 channel. */
function seededInput(rng: Rng, images: number, inputSize: number, mean: number, std: number): Float32Array {
  return Float32Array.from({ length: images * inputSize * inputSize }, () => (rng.next() - mean) / std);
}

export function torchvisionCase(): PytorchCase {
  const { seed, inputSize, images, width } = TORCHVISION_CASE;
  const encoder = buildEncoderLayersModel({ arch: 'resnet18', inputSize, width }, seed);
  const rng = new Rng(seed + 1);
  const batchesTracked = seedBatchNorm(encoder, rng, TORCHVISION_CASE.batchesTracked);
  const config = pretrainPreset('short', { inputSize, width, arch: 'resnet18' });
  const info = encoderInfo(config, 8 * width);
  const input = seededInput(rng, images, inputSize, config.mean, config.std);
  return { encoder, info, input, inputShape: [images, inputSize, inputSize, 1], batchesTracked };
}

export function tinyTorchCase(): PytorchCase {
  const { seed, inputSize, images } = TINY_CASE;
  const encoder = buildEncoderLayersModel({ arch: 'tiny', inputSize }, seed);
  const rng = new Rng(seed + 1);
  const batchesTracked = seedBatchNorm(encoder, rng, TINY_CASE.batchesTracked);
  const config = pretrainPreset('tiny', { inputSize });
  const info = encoderInfo(config, encoder.outputs[0].shape[1] as number);
  const input = seededInput(rng, images, inputSize, config.mean, config.std);
  return { encoder, info, input, inputShape: [images, inputSize, inputSize, 1], batchesTracked };
}

/** The case for `arch` (export-case.ts --arch). */
export function pytorchCase(arch: 'resnet18' | 'tiny'): PytorchCase {
  return arch === 'tiny' ? tinyTorchCase() : torchvisionCase();
}
