/**
 * Random-init encoders for the from-scratch baseline. The builder is swav's
 * buildEncoderLayersModel (contract A) once branch `swav` is merged; a source may bring its own.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EncoderSpec } from './encoderContract';

export type EncoderBuilder = (spec: EncoderSpec, seed: number) => tf.LayersModel;

export function scratchBuilder(build: EncoderBuilder | undefined): EncoderBuilder {
  if (build) return build;
  throw new Error('scratch encoders need buildEncoderLayersModel from src/core/ssl/encoders (branch swav), which this build does not include');
}
