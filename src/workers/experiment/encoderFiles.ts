/**
 * An export-form encoder (contract A) as the files of DIR/encoder/ and back: `model.json` (tfjs
 * layers format, one weights manifest group), `weights.bin`, `ctsieve-encoder.json`. Reading them
 * back needs no custom classes (tf.loadLayersModel over tf.io.fromMemory).
 */
import * as tf from '@tensorflow/tfjs';
import { ENCODER_INFO_FILE, type EncoderInfo } from '../../core/ssl';
import type { EncoderFiles } from './experimentJobs';

const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error('encoder: tfjs did not save the model');
  return saved;
}

function joined(data: tf.io.WeightData | undefined): Uint8Array {
  const parts = Array.isArray(data) ? data : data ? [data] : [];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) { out.set(new Uint8Array(p), at); at += p.byteLength; }
  return out;
}

export async function encoderToFiles(model: tf.LayersModel, info: EncoderInfo): Promise<EncoderFiles['files']> {
  const a = await artifactsOf(model);
  const json = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'ctsieve experiments',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
  };
  const text = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v)}\n`);
  return [
    { name: MODEL_FILE, bytes: text(json) },
    { name: WEIGHTS_FILE, bytes: joined(a.weightData) },
    { name: ENCODER_INFO_FILE, bytes: text(info) },
  ];
}

/** Loads encoder files (on the active backend); errors name the file at fault. */
export async function encoderFromFiles(files: EncoderFiles['files'], name: string): Promise<tf.LayersModel> {
  const byName = new Map(files.map((f) => [f.name, f.bytes]));
  const modelBytes = byName.get(MODEL_FILE);
  if (!modelBytes) throw new Error(`${name}: the encoder has no ${MODEL_FILE}`);
  const json = JSON.parse(new TextDecoder().decode(modelBytes)) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) => g.paths).map((p) => {
    const b = byName.get(p);
    if (!b) throw new Error(`${name}: weight file ${p} is missing`);
    return b;
  });
  const weights = joined(buffers.map((b) => b.slice().buffer as ArrayBuffer));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weights.buffer as ArrayBuffer }));
}
