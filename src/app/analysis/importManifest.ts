/**
 * Applying an imported manifest to the session: restore its method and parameters, and the
 * reviewer overrides of every loaded volume it matches (core applyManifest matches by voxelSha256).
 * Manifest volumes that match nothing are reported by file name and reason. Overrides the
 * reviewer already has are never replaced without asking (merge or keep are offered).
 */
import type { ApplyManifestResult } from '../../core/manifest';
import type { AppState } from '../store';
import type { OverrideMap } from '../store/overridesSlice';
import { describeImportChoice, overridesAfterImport, planOverrideImport, type OverrideImportChoice, type OverrideImportPlan } from '../overrides/importPlan';

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

/** A matched volume whose own overrides an import would change: the app asks first. */
export interface PendingOverrideImport {
  fileName: string;
  volumeId: string;
  volumeName: string;
  incoming: OverrideMap;
  plan: OverrideImportPlan;
}

/**
 * Applies an import: parameters at once; for every matched volume the manifest's overrides,
 * unless that would lose or change the reviewer's own (those come back as questions, see
 * resolveOverrideImport). Unmatched manifest volumes are reported by file name.
 */
export function applyImportedManifest(store: () => AppState, fileName: string, result: ApplyManifestResult | undefined): PendingOverrideImport[] {
  if (!result) return [];
  if (result.params) applyParams(store(), result.params);
  const pending: PendingOverrideImport[] = [];
  for (const match of result.matched) {
    const incoming: OverrideMap = Object.fromEntries(match.overrides);
    const current = store().overrides[match.loadedId] ?? {};
    const plan = planOverrideImport(current, incoming);
    const volumeName = store().volumes.find((v) => v.id === match.loadedId)?.name ?? match.loadedId;
    if (plan.needsQuestion) pending.push({ fileName, volumeId: match.loadedId, volumeName, incoming, plan });
    else store().replaceOverrides(match.loadedId, incoming, `import ${fileName}`);
  }
  if (result.unmatched.length > 0) {
    store().reportErrors(result.unmatched.map((u) => ({ file: fileName, message: `volume '${u.id}': ${u.reason}` })));
  }
  return pending;
}

/** Takes the reviewer's answer for one pending import; returns what was done (for the status line). */
export function resolveOverrideImport(store: () => AppState, pending: PendingOverrideImport, choice: OverrideImportChoice): string {
  const current = store().overrides[pending.volumeId] ?? {};
  store().replaceOverrides(pending.volumeId, overridesAfterImport(current, pending.incoming, choice), `import ${pending.fileName} (${choice})`);
  return `${pending.volumeName}: ${describeImportChoice(pending.plan, choice)}`;
}
