/**
 * The manifest for the active volume under the current settings, overrides included (flagged per
 * slice), built with core buildManifest. Patient fields are never included from the app.
 */
import { buildManifest, type Manifest } from '../../core/manifest';
import type { AppState } from '../store';
import { activeVolume } from '../store/volumesSlice';
import { getVolume } from '../volumes/registry';
import { activeResultKey, selectDecision } from './currentDecision';
import { paramsForSettings } from './decisions';

/** The manifest, or a message saying what is missing (nothing loaded, not computed, not hashed). */
export function currentManifest(s: AppState): Manifest | string {
  const summary = activeVolume(s);
  if (!summary) return 'no volume loaded';
  const result = selectDecision(s);
  if (!result) return `compute ${s.method.toUpperCase()} first`;
  if (!summary.voxelSha256) return 'still hashing the volume, try again in a moment';
  const params = paramsForSettings({
    method: s.method, algorithm: s.algorithm, thresholdMode: s.thresholdMode, threshold: s.thresholds[s.method],
    keepPercent: s.keepPercent, n: summary.slices,
  });
  if (!params) return 'nothing to export';
  const volume = getVolume(summary.id);
  const key = activeResultKey(s);
  const stored = key ? s.services.results.get(key) : undefined;
  const backend = key ? stored?.backend ?? 'unknown' : 'none';
  return buildManifest({
    volumes: [{ meta: volume, voxelSha256: summary.voxelSha256, result, source: volume.sources.some((x) => x.file) ? volume.sources.map((x) => x.file ?? '') : volume.name }],
    params, backend,
    // DeepNet's embedder (id, layer, size, normalisation, pooling) is part of what the result means.
    ...(s.method === 'deepnet' && stored ? { similarityParams: stored.params } : {}),
    conversion: volume.format === 'png' ? { kind: 'as-is' } : { kind: 'minmax' },
  });
}
