/**
 * One volume's result in a dataset run (DIR/results/<name>.json, written atomically by the CLI):
 * a one-volume manifest plus what resume and merge need — the volume's discovery key, its
 * voxelSha256 and the run-parameter key. A result is reused only when both the voxels and the
 * parameters are the same.
 */
import { validateManifest } from '../manifest/parse';
import type { Manifest } from '../manifest/types';
import type { Uint8Conversion } from '../preprocess/toUint8';
import type { ReductionParams } from '../reduction/types';
import { sha256Hex } from '../volume/hash';

export const RESULT_SCHEMA = 'ctsieve-dataset-result/1';

/** What was asked for: the same run gives the same key on every shard and every resume. */
export interface RunParams {
  params: ReductionParams;
  conversion: Uint8Conversion;
  /** DeepNet with a user model: its path and settings as given. */
  model?: { path: string; options: Record<string, unknown> };
}

export interface VolumeResult {
  schema: typeof RESULT_SCHEMA;
  key: string;
  paramsKey: string;
  voxelSha256: string;
  manifest: Manifest;
  seconds: number;
  /** e.g. "2/8" */
  shard: string;
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function paramsKey(run: RunParams): string {
  return stableJson(run);
}

/** A file name for a volume key: readable part + hash of the whole key (keys are paths, may be long or clash after cleaning). */
export async function resultFileName(key: string): Promise<string> {
  const readable = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '').slice(-80) || 'volume';
  const hash = (await sha256Hex(new TextEncoder().encode(key))).slice(0, 12);
  return `${readable}.${hash}.json`;
}

/** Parses and checks a result file; throws naming the file and the problem. */
export function parseVolumeResult(text: string, file: string): VolumeResult {
  let data: Partial<VolumeResult>;
  try {
    data = JSON.parse(text) as Partial<VolumeResult>;
  } catch (err) {
    throw new SyntaxError(`${file}: not JSON (${(err as Error).message})`);
  }
  if (data.schema !== RESULT_SCHEMA) throw new SyntaxError(`${file}: not a ctsieve dataset result (schema '${String(data.schema)}', expected '${RESULT_SCHEMA}')`);
  for (const field of ['key', 'paramsKey', 'voxelSha256'] as const) {
    if (typeof data[field] !== 'string') throw new SyntaxError(`${file}: '${field}' is missing`);
  }
  validateManifest(data.manifest, `${file} (its manifest)`);
  if (data.manifest?.volumes.length !== 1) throw new SyntaxError(`${file}: holds ${data.manifest?.volumes.length} volumes, expected 1`);
  return data as VolumeResult;
}
