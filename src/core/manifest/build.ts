/**
 * Building a manifest from reduction results. Only whitelisted fields are copied: whatever else a
 * volume's metadata carries never reaches the manifest, and patient-identifying fields are written
 * only with `includePatientFields: true`.
 */
import { name as packageName, version as packageVersion } from '../../../package.json';
import { GREEDY_PAIR_ORDER } from '../reduction/greedy';
import { thresholdOf } from '../reduction/params';
import type { ReductionParams, ReductionResult, SliceDecision } from '../reduction/types';
import type { SliceSource, VolumeMeta } from '../volume/types';
import { MANIFEST_SCHEMA, type Manifest, type ManifestConversion, type ManifestParams, type ManifestSlice, type ManifestVolume, type PatientFields } from './types';

export const SOFTWARE = { name: packageName, version: packageVersion };

export interface ManifestVolumeInput {
  meta: Pick<VolumeMeta, 'id' | 'name'> & Partial<Pick<VolumeMeta, 'rows' | 'cols' | 'sources' | 'seriesInstanceUID'>>;
  /** The input path or file names; defaults to meta.name. */
  source?: string | string[];
  voxelSha256: string;
  result: ReductionResult;
  /** Written only when BuildManifestInput.includePatientFields is true. */
  patient?: PatientFields;
}

export interface BuildManifestInput {
  volumes: ManifestVolumeInput[];
  params: ReductionParams;
  /** Backend that computed the scores; 'none' for ALL and EveryN. */
  backend: string;
  conversion: ManifestConversion;
  /** The similarity method's own parameters worth recording (SimilarityResult.params for DeepNet). */
  similarityParams?: Record<string, unknown>;
  /** 'dataset' when the results came from reducePool. Default 'volume'. */
  pool?: 'volume' | 'dataset';
  software?: { name: string; version: string };
  createdAt?: Date | string;
  /** Opt-in for patient names, IDs, birth dates and accession numbers. Default false. */
  includePatientFields?: boolean;
}

export function buildManifest(input: BuildManifestInput): Manifest {
  const { params } = input;
  const createdAt = input.createdAt instanceof Date ? input.createdAt.toISOString() : (input.createdAt ?? new Date().toISOString());
  return {
    schema: MANIFEST_SCHEMA,
    software: { ...(input.software ?? SOFTWARE) },
    createdAt,
    method: params.method,
    algorithm: params.method === 'all' || params.method === 'everyn' ? params.method : params.algorithm,
    params: {
      ...manifestParams(params, input.conversion, input.pool ?? 'volume'),
      ...(input.similarityParams && Object.keys(input.similarityParams).length ? { similarity: { ...input.similarityParams } } : {}),
    },
    backend: input.backend,
    volumes: input.volumes.map((v) => manifestVolume(v, input.includePatientFields === true)),
  };
}

/** The manifest's flat params for reduction params (threshold with its direction spelled out). */
export function manifestParams(params: ReductionParams, conversion: ManifestConversion, pool: 'volume' | 'dataset'): ManifestParams {
  const out: ManifestParams = { pool, conversion: { ...conversion } };
  if (params.method === 'everyn') out.every = params.every;
  if (params.method === 'all' || params.method === 'everyn') return out;
  const threshold = thresholdOf(params);
  if (threshold !== undefined) {
    out.threshold = threshold;
    out.thresholdMeaning = 'maxDistance' in params ? 'maxDistance' : 'minSimilarity';
  }
  if ('keepFraction' in params) out.keepFraction = params.keepFraction;
  if ('targetCount' in params) out.targetCount = params.targetCount;
  if (params.algorithm === 'greedy') {
    out.drop = params.drop ?? 'later';
    out.pairOrder = GREEDY_PAIR_ORDER;
  }
  return out;
}

function manifestVolume(v: ManifestVolumeInput, includePatientFields: boolean): ManifestVolume {
  const { meta, result } = v;
  if (result.perSlice.length !== result.n) throw new RangeError(`volume '${meta.id}': result has ${result.perSlice.length} slice decisions for n = ${result.n}`);
  if (meta.sources && meta.sources.length !== result.n) throw new RangeError(`volume '${meta.id}': ${meta.sources.length} slice sources for ${result.n} slices`);
  const out: ManifestVolume = {
    id: meta.id,
    name: meta.name,
    source: v.source ?? meta.name,
    voxelSha256: v.voxelSha256,
    n: result.n,
    kept: [...result.kept],
    stopReason: result.stopReason,
    slices: result.perSlice.map((d) => manifestSlice(d, meta.sources?.[d.index])),
  };
  if (meta.rows !== undefined) out.rows = meta.rows;
  if (meta.cols !== undefined) out.cols = meta.cols;
  if (meta.seriesInstanceUID !== undefined) out.seriesInstanceUID = meta.seriesInstanceUID;
  if (result.targetCount !== undefined) out.targetCount = result.targetCount;
  if (includePatientFields && v.patient) out.patient = pickPatient(v.patient);
  return out;
}

const SLICE_FIELDS = ['nearestKept', 'nearestKeptVolume', 'score', 'removedBy', 'removedByVolume', 'removedScore', 'override'] as const;

function manifestSlice(d: SliceDecision, source: SliceSource | undefined): ManifestSlice {
  const out: ManifestSlice = { index: d.index, kept: d.kept, reason: d.reason };
  if (source?.file !== undefined) out.file = source.file;
  if (source?.sopInstanceUID !== undefined) out.sopInstanceUID = source.sopInstanceUID;
  if (source?.position) out.position = [source.position[0], source.position[1], source.position[2]];
  for (const key of SLICE_FIELDS) {
    if (d[key] !== undefined) Object.assign(out, { [key]: d[key] });
  }
  return out;
}

function pickPatient(p: PatientFields): PatientFields {
  const out: PatientFields = {};
  for (const key of ['patientName', 'patientId', 'birthDate', 'accessionNumber'] as const) if (p[key] !== undefined) out[key] = p[key];
  return out;
}

/** Pretty JSON (2-space indent) with a trailing newline. */
export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}
