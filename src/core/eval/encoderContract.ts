/**
 * The encoder types of contract A (swav owns them in src/core/ssl/encoders). Mirrored here so the
 * evaluation compiles before branch `swav` lands; once it does, this file re-exports swav's types.
 */
export type EncoderArch = 'tiny' | 'resnet18' | 'mobilenetv2';

/** What a freshly initialised encoder is built from. width: resnet18 base channels (default 64). */
export interface EncoderSpec {
  arch: EncoderArch;
  inputSize: number;
  width?: number;
}

/** DIR/encoder/ctsieve-encoder.json. */
export interface EncoderInfo {
  arch: EncoderArch | string;
  inputSize: number;
  channels: 1;
  mean: number;
  std: number;
  featureDim: number;
  width?: number;
  provenance?: EncoderProvenance;
}

export interface EncoderProvenance {
  /** The pretrain config (contract B's PretrainConfig), as written by `pretrain`. */
  config: unknown;
  slicesUsed: number;
  manifest?: string;
  steps: number;
  seconds: number;
}
