/**
 * Test helpers for `evaluate`: a labelled ImageFolder of PNG slices (fast-png) written from
 * synthetic samples, and an encoder folder in contract A's form (model.json + weights.bin +
 * ctsieve-encoder.json) saved from a tfjs layers model.
 */
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncoderInfo, LabelledSample } from '../../core/eval';
import { modelArtifacts, weightBytes } from '../../core/similarity/embedding/testing/modelArtifacts';

/** Writes `<root>/[<split>/]<label>/[<group>/]<n>.png` for every sample. */
export function writeImageFolder(root: string, samples: readonly LabelledSample[]): void {
  samples.forEach((s, n) => {
    const dir = join(root, ...(s.split ? [s.split] : []), s.label, ...(s.group ? [s.group] : []));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${String(n).padStart(4, '0')}.png`), encode({ width: s.cols, height: s.rows, data: s.pixels, channels: 1, depth: 8 }));
  });
}

export async function writeEncoderDir(dir: string, model: tf.LayersModel, info: EncoderInfo): Promise<void> {
  const a = await modelArtifacts(model);
  mkdirSync(dir, { recursive: true });
  const json = { format: 'layers-model', generatedBy: 'ctsieve test', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'weights.bin'), weightBytes(a));
  writeFileSync(join(dir, 'ctsieve-encoder.json'), JSON.stringify(info));
}
