/**
 * Manifest v1: the serialisable record of a reduction (DESIGN.md "Manifest (v1)").
 * The JSON Schema in ./ctsieve-manifest-1.schema.json is the published contract; these types
 * mirror it field for field.
 */
import type { DropRule, Override, ReductionAlgorithm, ReductionMethod, SliceReason, StopReason } from '../reduction/types';

export const MANIFEST_SCHEMA = 'ctsieve-manifest/1';

/** How slices were made 8-bit before scoring. 'as-is': 8-bit PNG input used unchanged. */
export type ManifestConversion = { kind: 'minmax' } | { kind: 'window'; center: number; width: number } | { kind: 'as-is' };

export interface ManifestParams {
  /** Alike threshold in the method's units; `thresholdMeaning` says which way it points. */
  threshold?: number;
  thresholdMeaning?: 'maxDistance' | 'minSimilarity';
  keepFraction?: number;
  targetCount?: number;
  every?: number;
  drop?: DropRule;
  /** Greedy: visit order and tie-break of the pairs. */
  pairOrder?: string;
  /** The similarity method's own parameters (DeepNet: embedder id, dim, input size...). */
  similarity?: Record<string, unknown>;
  pool: 'volume' | 'dataset';
  conversion: ManifestConversion;
}

/** Patient-identifying DICOM fields: written only when the user opts in. */
export interface PatientFields {
  patientName?: string;
  patientId?: string;
  birthDate?: string;
  accessionNumber?: string;
}

export interface ManifestSlice {
  index: number;
  kept: boolean;
  reason?: SliceReason;
  file?: string;
  sopInstanceUID?: string;
  position?: [number, number, number];
  nearestKept?: number;
  nearestKeptVolume?: string;
  score?: number;
  removedBy?: number;
  removedByVolume?: string;
  removedScore?: number;
  override?: Override;
}

export interface ManifestVolume {
  id: string;
  name?: string;
  /** The input path, or the list of file names. */
  source: string | string[];
  voxelSha256: string;
  n: number;
  rows?: number;
  cols?: number;
  seriesInstanceUID?: string;
  /** This volume's 8-bit conversion when it differs from params.conversion (mixed datasets). */
  conversion?: ManifestConversion;
  stopReason?: StopReason;
  targetCount?: number;
  /** Ascending indices of the kept slices (the final decision, overrides included). */
  kept: number[];
  slices: ManifestSlice[];
  patient?: PatientFields;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  software: { name: string; version: string };
  /** ISO 8601. */
  createdAt: string;
  method: ReductionMethod;
  algorithm: ReductionAlgorithm;
  params: ManifestParams;
  /** Backend that computed the scores; 'none' for ALL and EveryN. */
  backend: string;
  volumes: ManifestVolume[];
}
