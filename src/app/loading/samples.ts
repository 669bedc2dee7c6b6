/**
 * Bundled sample volumes: public/samples/index.json lists them (schema ctsieve-samples/1); a
 * sample is one file (NIfTI) or a folder of files (DICOM series).
 */
import type { ReadSource } from '../../workers/readProtocol';
import { fromUrl } from './inputFiles';

export interface SampleEntry {
  name: string;
  title: string;
  description?: string;
  format: string;
  file?: string;
  folder?: string;
  files?: string[];
  bytes?: number;
  voxelSha256?: string;
  window?: { center: number; width: number };
}

export const SAMPLES_BASE = `${import.meta.env.BASE_URL}samples/`;
export const DEFAULT_SAMPLE = 'head-ct';

export async function fetchSampleIndex(base = SAMPLES_BASE): Promise<SampleEntry[]> {
  const response = await fetch(`${base}index.json`);
  if (!response.ok) throw new Error(`samples/index.json: HTTP ${response.status}`);
  const index = (await response.json()) as { schema?: string; samples?: SampleEntry[] };
  if (index.schema !== 'ctsieve-samples/1' || !Array.isArray(index.samples)) {
    throw new Error(`samples/index.json: expected schema ctsieve-samples/1 with a samples list`);
  }
  return index.samples;
}

/** The input files of one sample, fetched lazily from this origin. */
export function sampleFiles(sample: SampleEntry, base = SAMPLES_BASE): ReadSource[] {
  if (sample.file) return [fromUrl(`${base}${sample.file}`, sample.file, sample.bytes)];
  if (sample.folder && sample.files) {
    return sample.files.map((f) => fromUrl(`${base}${sample.folder}/${f}`, `${sample.folder}/${f}`));
  }
  throw new Error(`sample "${sample.name}": index entry has neither "file" nor "folder" + "files"`);
}
