/**
 * `--encoder DIR/encoder` (contract A): a tfjs layers model (model.json + shards) with
 * ctsieve-encoder.json beside it giving the input size and normalisation, as `pretrain` writes it.
 */
import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { EncoderInfo, EncoderSource } from '../core/eval';
import { ENCODER_ARCHS, ENCODER_INFO_FILE } from '../core/ssl/encoders/types';
import { readTfjsModelFromDisk } from './model';
import { CliError } from './errors';

export { ENCODER_INFO_FILE };

/** The checked ctsieve-encoder.json; a CliError names the file and the field at fault. */
export function parseEncoderInfo(text: string, file: string): EncoderInfo {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new CliError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const num = (k: string) => {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new CliError(`${file}: '${k}' must be a number`);
    return v;
  };
  const arch = ENCODER_ARCHS.find((a) => a === raw.arch);
  if (!arch) throw new CliError(`${file}: 'arch' ${JSON.stringify(raw.arch)} is not one of ${ENCODER_ARCHS.join(', ')}`);
  if (raw.channels !== undefined && raw.channels !== 1) throw new CliError(`${file}: channels ${String(raw.channels)} is not supported (1-channel encoders only)`);
  const std = num('std');
  if (std === 0) throw new CliError(`${file}: 'std' must not be 0`);
  return { ...(raw as object), arch, inputSize: num('inputSize'), channels: 1, mean: num('mean'), std, featureDim: num('featureDim') } as EncoderInfo;
}

/** A short name for reports: the run folder's name for `<run>/encoder`, else the folder's. */
export function encoderName(dir: string): string {
  const abs = resolve(dir);
  return basename(abs) === 'encoder' ? basename(dirname(abs)) : basename(abs);
}

/** DIR/ctsieve-encoder.json, checked; a CliError when it is missing or wrong. */
export async function readEncoderInfo(dir: string): Promise<EncoderInfo> {
  const infoFile = join(dir, ENCODER_INFO_FILE);
  let text: string;
  try {
    text = await readFile(infoFile, 'utf8');
  } catch {
    throw new CliError(`--encoder ${dir}: ${ENCODER_INFO_FILE} is missing (expected the encoder folder written by pretrain)`);
  }
  return parseEncoderInfo(text, infoFile);
}

export async function loadEncoderDir(dir: string): Promise<Extract<EncoderSource, { kind: 'model' }>> {
  const info = await readEncoderInfo(dir);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(await readTfjsModelFromDisk(dir)));
  } catch (e) {
    throw new CliError(`--encoder ${dir}: ${(e as Error).message.replace(/^--model \S+: /, '')}`);
  }
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  if (inShape.length !== 4 || inShape[1] !== info.inputSize || inShape[2] !== info.inputSize || inShape[3] !== 1) {
    throw new CliError(`--encoder ${dir}: the model takes input ${JSON.stringify(inShape)} but ${ENCODER_INFO_FILE} says ${info.inputSize}×${info.inputSize}×1`);
  }
  if (outShape.length !== 2) throw new CliError(`--encoder ${dir}: the model's output ${JSON.stringify(outShape)} is not [N, features] (pooled features expected)`);
  return { kind: 'model', model, info, name: encoderName(dir) };
}
