/**
 * SwAV pre-training (contract B). Method: ../../../docs/pretraining.md and DESIGN.md "SwAV".
 * Runs wherever tfjs runs (main thread, Web Worker, Node); Node-only file helpers live in
 * ./node.ts (never imported by browser code).
 */
export type {
  PresetName,
  SslMethod,
  MocoSettings,
  MimSettings,
  OptimizerConfig,
  PretrainConfig,
  TrainingSlices,
  StepMetrics,
  PretrainHistory,
  PretrainCheckpoint,
  CheckpointTensor,
  PretrainCallbacks,
  PretrainResult,
} from './types';
export { pretrainPreset, PRESET_NAMES, configProblems, totalSteps } from './presets';
export { SSL_METHODS, methodPreset, methodDefaults, methodOf, methodProblems, specPretrainConfig } from './methods';
export { detectCollapse } from './collapse';
export { buildEncoderLayersModel, encoderGraph, initialWeights, graphToLayersModel, ENCODER_ARCHS, ENCODER_INFO_FILE, PYTORCH_MODULE, hasPytorchNames } from './encoders';
export { loadMobileNetV2Trunk } from './encoders/mobilenetv2';
export { trainingSlices, type VolumeSlices } from './data';
export { encoderInfo } from './export/encoderExport';
export type { EncoderArch, EncoderSpec, EncoderInfo, EncoderProvenance } from './encoders';
export { pretrain } from './pretrain';
export { serializeCheckpoint, deserializeCheckpoint } from './checkpoint';
export { encoderToSafetensors } from './export/encoderSafetensors';
export { writeSafetensors, readSafetensors } from './export/safetensors';
