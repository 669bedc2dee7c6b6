/**
 * Applying an imported manifest to the session: restore its method and parameters, and the
 * reviewer overrides of every loaded volume it matches (core applyManifest matches by voxelSha256).
 * Manifest volumes that match nothing are reported by file name and reason.
 */
import type { ApplyManifestResult } from '../../core/manifest';
import type { AppState } from '../store';

function applyParams(s: AppState, params: NonNullable<ApplyManifestResult['params']>): void {
  s.setMethod(params.method);
  if (params.method === 'all') return;
  if (params.method === 'everyn') {
    s.setThresholdMode('threshold');
    s.setThreshold(params.every);
    return;
  }
  s.setAlgorithm(params.algorithm);
  if ('keepFraction' in params) {
    s.setThresholdMode('keepPercent');
    s.setKeepPercent(params.keepFraction * 100);
  } else if ('maxDistance' in params || 'minSimilarity' in params) {
    s.setThresholdMode('threshold');
    s.setThreshold('maxDistance' in params ? params.maxDistance : params.minSimilarity);
  }
}

export function applyImportedManifest(store: () => AppState, fileName: string, result: ApplyManifestResult | undefined): void {
  if (!result) return;
  if (result.params) applyParams(store(), result.params);
  for (const match of result.matched) {
    store().clearOverrides(match.loadedId);
    for (const [slice, kind] of match.overrides) store().setOverride(match.loadedId, slice, kind);
  }
  if (result.unmatched.length > 0) {
    store().reportErrors(result.unmatched.map((u) => ({ file: fileName, message: `volume '${u.id}': ${u.reason}` })));
  }
}
