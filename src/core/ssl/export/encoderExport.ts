/** The trained backbone in the export form (contract A) with its ctsieve-encoder.json description. */
import type * as tf from '@tensorflow/tfjs';
import { graphToLayersModel } from '../encoders/layersModel';
import type { EncoderInfo, EncoderProvenance } from '../encoders/types';
import type { SwavModel } from '../swav/model';
import type { PretrainConfig } from '../types';

export function encoderInfo(config: PretrainConfig, featureDim: number, provenance?: EncoderProvenance): EncoderInfo {
  const info: EncoderInfo = { arch: config.arch, inputSize: config.inputSize, channels: 1, mean: config.mean, std: config.std, featureDim };
  if (config.arch === 'resnet18') info.width = config.width ?? 64;
  if (provenance) info.provenance = provenance;
  return info;
}

/** Copies the backbone's parameters and running statistics into a fresh layers model (the caller disposes it). */
export function exportEncoder(model: SwavModel, config: PretrainConfig, provenance?: EncoderProvenance): { encoder: tf.LayersModel; info: EncoderInfo } {
  const encoder = graphToLayersModel(model.spec.graph, config.inputSize, (name) => model.get(name));
  return { encoder, info: encoderInfo(config, model.spec.graph.featureDim, provenance) };
}

/** PyTorch num_batches_tracked of the backbone's BN layers (for the safetensors export). */
export function backboneBatchesTracked(model: SwavModel): Record<string, number> {
  return Object.fromEntries([...model.batchesTracked].filter(([bn]) => bn !== 'pbn'));
}
