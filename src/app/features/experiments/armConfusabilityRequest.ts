/**
 * The one request for "each arm's confusability" (engine.confusability → the experiment worker's
 * `armConfusability` job → core measureArmConfusability): the run builds it from the stored
 * experiment, the setup's preview from the arms on offer and the setup's settings — so, on one
 * backend, the preview's rate for an arm is the rate the report will show. Volumes go by the names
 * the SPEC gives them (the views' seeds depend on them); the preset is the SPEC's (toSpec: tiny and
 * paper as they are, anything else 'short'), whose large-crop views are drawn. Pure.
 */
import type { BackendRequest } from '../../../core/backend/types';
import type { PresetName } from '../../../core/ssl/types';
import type { ConfusabilityRequest } from './engine';
import { armSlices, specVolumeNames } from './specIO';

export { specPreset } from './specIO';
import type { ArmSpec, ArmVolumeSlices } from './types';

/** Every arm trains on the same volumes: `volumes` defaults to the first arm's. */
export function armConfusabilityRequest(arms: readonly Pick<ArmSpec, 'label' | 'volumes'>[], preset: PresetName, backend: BackendRequest, volumes: readonly ArmVolumeSlices[] = arms[0]?.volumes ?? []): ConfusabilityRequest {
  const names = specVolumeNames(volumes);
  return {
    volumes: volumes.map((v, k) => ({ volumeId: v.volumeId, name: names[k] })),
    arms: arms.map((a) => ({ name: a.label, slices: armSlices(a) })),
    preset,
    backend,
  };
}
