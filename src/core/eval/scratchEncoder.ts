/**
 * Random-init encoders for the from-scratch baseline: swav's buildEncoderLayersModel (contract A),
 * seeded per run; a source may bring its own builder (tests use a smaller one).
 */
import type * as tf from '@tensorflow/tfjs';
import { buildEncoderLayersModel } from '../ssl/encoders';
import type { EncoderSpec } from './encoderContract';

export type EncoderBuilder = (spec: EncoderSpec, seed: number) => tf.LayersModel;

export function scratchBuilder(build: EncoderBuilder | undefined): EncoderBuilder {
  return build ?? buildEncoderLayersModel;
}
