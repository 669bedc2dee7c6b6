/**
 * The one reduce pipeline (DESIGN.md src/core/pipeline), shared by the app, `ctsieve reduce` and
 * `ctsieve dataset reduce`:
 *
 *   volume → 8-bit (convertVolume) → scores (computeSimilarity) → reduction + overrides
 *          (decideSlices) → manifest volume entry (+ what the manifest records about the run)
 *
 * The app runs the steps apart (scores in a worker, the decision on the main thread under the
 * slider) but through the same functions; `reduceVolume` runs them in one go.
 */
import { buildManifest, type BuildManifestInput, type ManifestVolumeInput } from '../manifest/build';
import type { Manifest, ManifestConversion } from '../manifest/types';
import type { Uint8Conversion } from '../preprocess/toUint8';
import type { OverrideMap } from '../reduction/overrides';
import type { ReductionParams, ReductionResult } from '../reduction/types';
import { computeSimilarity } from '../similarity';
import type { MethodName, OptionsFor, SimilarityResult, SliceStack } from '../similarity/types';
import { voxelSha256 } from '../volume/hash';
import type { Volume, VolumeMeta } from '../volume/types';
import { convertVolume, type ConvertedVolume } from './conversion';
import { decideSlices, needsScores } from './decide';

export type ScoreFn = (stack: SliceStack, method: MethodName, opts: OptionsFor<MethodName>) => Promise<SimilarityResult>;

export interface ReduceVolumeOptions {
  params: ReductionParams;
  /** 8-bit conversion (default: per-slice min/max; uint8 voxels are then used as-is). */
  conversion?: Uint8Conversion;
  /** Backend, memory budget, DeepNet embedder, progress and abort for the scoring step. */
  compute?: OptionsFor<MethodName>;
  /** Scoring function (default computeSimilarity); the CLI wraps it for its messages. */
  score?: ScoreFn;
  overrides?: OverrideMap;
  /** Known already, or being computed (saves hashing the voxels again; WebCrypto hashes off-thread). */
  voxelSha256?: string | Promise<string>;
  /** The 8-bit stack made while reading (StreamingConverter), if any. */
  converted?: ConvertedVolume;
  /** Manifest `source`: the input path or file names (default: the volume's name). */
  source?: string | string[];
  /** Manifest id and name when they differ from the volume's own. */
  label?: { id: string; name: string };
}

/** Everything a manifest needs about one reduced volume. */
export interface ReducedVolume {
  entry: ManifestVolumeInput;
  result: ReductionResult;
  conversion: ManifestConversion;
  /** Backend that computed the scores; 'none' for ALL and EveryN. */
  backend: string;
  backendNote?: string;
  /** The similarity method's own parameters (window, bins, precision, embedder...); absent for baselines. */
  similarityParams?: Record<string, unknown>;
  timings: { convertSeconds: number; scoreSeconds: number; reduceSeconds: number; hashSeconds: number };
}

const seconds = (since: number): number => (performance.now() - since) / 1000;

export async function reduceVolume(volume: Volume, opts: ReduceVolumeOptions): Promise<ReducedVolume> {
  const { params } = opts;
  let t = performance.now();
  // Started first: WebCrypto digests off the JavaScript thread, overlapping conversion and scoring.
  const hashing = opts.voxelSha256 !== undefined ? Promise.resolve(opts.voxelSha256) : voxelSha256(volume);
  hashing.catch(() => undefined); // a failure surfaces at the await below, not as an unhandled rejection
  const { stack, conversion } = opts.converted ?? convertVolume(volume, opts.conversion);
  const convertSeconds = seconds(t);
  t = performance.now();
  const scores = needsScores(params) ? await (opts.score ?? computeSimilarity)(stack, params.method as MethodName, opts.compute ?? {}) : undefined;
  const scoreSeconds = seconds(t);
  t = performance.now();
  const sha = await hashing;
  return reduceScored(volume, { scores, conversion, voxelSha256: sha }, opts, { convertSeconds, scoreSeconds, hashSeconds: seconds(t) });
}

/** A volume whose scores (if its method has any), 8-bit conversion record and voxelSha256 are known. */
export interface ScoredVolume {
  scores?: SimilarityResult;
  conversion: ManifestConversion;
  voxelSha256: string;
}

/**
 * The pipeline's last steps for a scored volume: the decision (with overrides) and the manifest
 * entry. reduceVolume ends here; so does a HASH run that scored each slice while reading
 * (StreamingDhash), which never holds the voxels: only the volume's description is needed.
 */
export function reduceScored(
  meta: VolumeMeta,
  scored: ScoredVolume,
  opts: Pick<ReduceVolumeOptions, 'params' | 'overrides' | 'source' | 'label'>,
  timings: Omit<ReducedVolume['timings'], 'reduceSeconds'>,
): ReducedVolume {
  const { scores } = scored;
  const t = performance.now();
  const result = decideSlices(scores ?? meta.slices, opts.params, { overrides: opts.overrides });
  return {
    entry: volumeEntry(meta, scored.voxelSha256, result, opts),
    result,
    conversion: scored.conversion,
    backend: scores?.backend ?? 'none',
    ...(scores?.backendNote ? { backendNote: scores.backendNote } : {}),
    ...(scores ? { similarityParams: { ...scores.params } } : {}),
    timings: { ...timings, reduceSeconds: seconds(t) },
  };
}

/** The manifest entry of one volume: whitelisted metadata, source, hash and the decision. */
export function volumeEntry(volume: VolumeMeta, sha: string, result: ReductionResult, opts: Pick<ReduceVolumeOptions, 'source' | 'label'> = {}): ManifestVolumeInput {
  const { id, name, rows, cols, sources, seriesInstanceUID } = volume;
  return {
    // No sources known (synthetic volumes): none recorded, rather than a list of the wrong length.
    meta: { id, name, rows, cols, sources: sources.length ? sources : undefined, seriesInstanceUID, ...opts.label },
    source: opts.source ?? name,
    voxelSha256: sha,
    result,
  };
}

/** A manifest of volumes reduced with the same parameters (similarity params recorded for every method). */
export function manifestOf(reduced: ReducedVolume[], params: ReductionParams, extra: Pick<BuildManifestInput, 'createdAt' | 'software' | 'includePatientFields'> = {}): Manifest {
  if (!reduced.length) throw new RangeError('manifestOf: no volumes');
  const [first] = reduced;
  return buildManifest({
    ...extra,
    volumes: reduced.map((r) => r.entry),
    params,
    backend: first.backend,
    conversion: first.conversion,
    similarityParams: first.similarityParams,
  });
}
