/**
 * Contract A: the encoder that SwAV pre-training produces and that evaluation, the experiments panel
 * and DeepNet read. The export form is a plain tfjs-layers model (built-in classes only):
 * input [N, S, S, 1] already normalised ((u8/255 - mean)/std), output [N, featureDim]
 * (global-average-pooled backbone features). PyTorch padding via ZeroPadding2D + 'valid' convs;
 * BatchNormalization epsilon 1e-5 carrying the running statistics.
 */

/** `tiny`: the golden's network (tests); `resnet18`: torchvision's layout, 1 channel; `mobilenetv2`: nsfwjs's trunk. */
export type EncoderArch = 'tiny' | 'resnet18' | 'mobilenetv2';

export const ENCODER_ARCHS: readonly EncoderArch[] = ['tiny', 'resnet18', 'mobilenetv2'];

/**
 * What the PyTorch module of each architecture is, where encoder.safetensors carries its
 * state_dict names: resnet18 → torchvision's resnet18() (fc dropped); tiny → the backbone of
 * golden_swav.py's `Tiny` (conv1, bn1, conv2, bn2; scripts/torchvision/tiny_roundtrip.py defines it).
 * mobilenetv2 has nsfwjs's Keras layer names and no PyTorch counterpart: tfjs export only.
 */
export const PYTORCH_MODULE: Readonly<Partial<Record<EncoderArch, string>>> = {
  resnet18: 'torchvision resnet18 key names (fc dropped)',
  tiny: "golden_swav.py's Tiny backbone names (conv1, bn1, conv2, bn2)",
};

export function hasPytorchNames(arch: EncoderArch): boolean {
  return PYTORCH_MODULE[arch] !== undefined;
}

export interface EncoderSpec {
  arch: EncoderArch;
  /** Side of the square input the encoder is used at (pixels). The network itself is fully convolutional. */
  inputSize: number;
  /** resnet18 only: base channels of layer1 (torchvision: 64; layers 2..4 double it). */
  width?: number;
}

/** Where an encoder came from (ctsieve-encoder.json `provenance`). */
export interface EncoderProvenance {
  /** The PretrainConfig it was trained with (kept as plain JSON). */
  config: unknown;
  slicesUsed: number;
  /** Manifest path or id when the training slices were a manifest's kept ones. */
  manifest?: string;
  steps: number;
  seconds: number;
}

/** `DIR/encoder/ctsieve-encoder.json`. */
export interface EncoderInfo {
  arch: EncoderArch;
  inputSize: number;
  channels: 1;
  /** Input normalisation on the [0, 1] gray scale: x = (u8/255 - mean) / std. */
  mean: number;
  std: number;
  featureDim: number;
  width?: number;
  provenance?: EncoderProvenance;
}

/** File name of the encoder description beside model.json. */
export const ENCODER_INFO_FILE = 'ctsieve-encoder.json';
