/** Public API of slice manifests (see docs/manifest.md). */
export * from './types';
export { buildManifest, manifestParams, serializeManifest, SOFTWARE } from './build';
export type { BuildManifestInput, ManifestVolumeInput } from './build';
export { parseManifest, validateManifest, ManifestError } from './parse';
export type { ManifestProblem } from './parse';
export { applyManifest, reductionParams } from './apply';
export type { ApplyManifestResult, LoadedVolumeRef, MatchedVolume } from './apply';
export { default as manifestJsonSchema } from './ctsieve-manifest-1.schema.json';
