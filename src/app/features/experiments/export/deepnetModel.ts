/**
 * Taking an experiment's trained encoder to the explorer's DeepNet method: its tfjs files become
 * the user DeepNet model (checked and hashed like a picked one), with input size, 1 channel and
 * the mean/std from its ctsieve-encoder.json. Its output is already one pooled vector per image.
 */
import type { EncoderArtifacts } from '../engine';
import { describeModelFiles, type DeepnetModelSummary } from '../../deepnet/modelFiles';
import type { ModelFileRegistry } from '../../deepnet/modelRegistry';
import type { ModelFile } from '../../../../workers/similarityJob';

const INFO_FILE = 'ctsieve-encoder.json';

/** Registers the files with the store's model registry (`models`) and returns the summary for setDeepnetModel. */
export async function encoderAsDeepnetModel(encoder: EncoderArtifacts, label: string, models: ModelFileRegistry): Promise<DeepnetModelSummary> {
  const files: ModelFile[] = encoder.files
    .filter((f) => f.name !== INFO_FILE)
    .map((f) => ({ name: f.name === 'model.json' ? `${label}.model.json`.replace(/[^\w.-]+/g, '_') : f.name, bytes: f.bytes.slice().buffer as ArrayBuffer }));
  const info = encoder.info as { inputSize?: number; mean?: number; std?: number };
  const size = info.inputSize ?? 32;
  const model = await describeModelFiles(files, { inputSize: [size, size], channels: 1, mean: [info.mean ?? 0.5], std: [info.std ?? 0.25], pooling: 'avg' });
  models.set(model.sha256, files);
  return model;
}
