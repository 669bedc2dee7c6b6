/**
 * Node-only file helpers for SwAV artefacts (CLI, tests, benchmarks; never imported by browser
 * code): the encoder directory of contract A, encoder.safetensors and the checkpoint folder.
 * Files are written to a temporary name and renamed, so an interrupted run never leaves half a file.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserializeCheckpoint, serializeCheckpoint } from './checkpoint';
import { ENCODER_INFO_FILE, type EncoderInfo } from './encoders/types';
import type { PretrainCheckpoint } from './types';

export const CHECKPOINT_FILE = 'checkpoint.bin';
const WEIGHTS_FILE = 'weights.bin';

export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** DIR/model.json + DIR/weights.bin + DIR/ctsieve-encoder.json. */
export async function saveEncoderDir(dir: string, encoder: tf.LayersModel, info: EncoderInfo): Promise<void> {
  await mkdir(dir, { recursive: true });
  await encoder.save(
    tf.io.withSaveHandler(async (a) => {
      const parts = Array.isArray(a.weightData) ? a.weightData : a.weightData ? [a.weightData] : [];
      const weights = new Uint8Array(tf.io.concatenateArrayBuffers(parts));
      await writeAtomic(join(dir, WEIGHTS_FILE), weights);
      const modelJson = {
        modelTopology: a.modelTopology,
        format: a.format ?? 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: 'ctsieve pretrain',
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: a.weightSpecs ?? [] }],
      };
      await writeAtomic(join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  await writeAtomic(join(dir, ENCODER_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
}

/** ctsieve-encoder.json of an encoder directory, or undefined when the folder has none. */
export async function readEncoderInfo(dir: string): Promise<EncoderInfo | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, ENCODER_INFO_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let info: EncoderInfo;
  try {
    info = JSON.parse(text) as EncoderInfo;
  } catch (e) {
    throw new Error(`${join(dir, ENCODER_INFO_FILE)}: not valid JSON (${(e as Error).message})`);
  }
  for (const key of ['arch', 'inputSize', 'mean', 'std', 'featureDim'] as const) {
    if (info[key] === undefined) throw new Error(`${join(dir, ENCODER_INFO_FILE)}: missing "${key}"`);
  }
  if (!(info.std > 0)) throw new Error(`${join(dir, ENCODER_INFO_FILE)}: std must be > 0`);
  return info;
}

/** The encoder directory back as a layers model plus its description. */
export async function loadEncoder(dir: string): Promise<{ model: tf.LayersModel; info: EncoderInfo }> {
  const info = await readEncoderInfo(dir);
  if (!info) throw new Error(`${dir}: no ${ENCODER_INFO_FILE} (not a ctsieve encoder directory)`);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const buffers = await Promise.all(manifest.flatMap((g) => g.paths).map(async (p) => new Uint8Array(await readFile(join(dir, p))).buffer));
    return [manifest.flatMap((g) => g.weights), tf.io.concatenateArrayBuffers(buffers)];
  });
  return { model: await tf.loadLayersModel(tf.io.fromMemory(artifacts)), info };
}

export async function saveCheckpointDir(dir: string, c: PretrainCheckpoint): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomic(join(dir, CHECKPOINT_FILE), serializeCheckpoint(c));
  const summary = { format: c.format, step: c.step, seconds: c.seconds, preset: c.config.preset, arch: c.config.arch, savedAt: new Date().toISOString() };
  await writeAtomic(join(dir, 'checkpoint.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

export async function loadCheckpointDir(dir: string): Promise<PretrainCheckpoint> {
  const path = join(dir, CHECKPOINT_FILE);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new Error(`${path}: no checkpoint to resume from`);
  }
  return deserializeCheckpoint(bytes, path);
}
