/**
 * The setup's confusability preview without React: the run's request (armConfusabilityRequest) for
 * the arms on offer and the setup's SPEC preset and backend, through the engine the run uses, each
 * rate kept with what it was measured under (so the setup can say when the run would differ).
 */
import type { BackendRequest } from '../../../../core/backend/types';
import type { PresetName } from '../../../../core/ssl/types';
import { armConfusabilityRequest } from '../armConfusabilityRequest';
import type { ConfusabilityHandlers, ExperimentEngine, JobHandle } from '../engine';
import { armSlices } from '../specIO';
import type { ArmSpec } from '../types';

/** What the run's measure of an arm depends on besides its slices. */
export interface PreviewSettings {
  preset: PresetName;
  backend: BackendRequest;
}

export interface PreviewRate extends PreviewSettings {
  rate: number;
  /** The arm's slices as measured (armSlices, JSON): a changed reduction hides the rate. */
  slices: string;
}

export const previewSlicesKey = (arm: Pick<ArmSpec, 'volumes'>): string => JSON.stringify(armSlices(arm));

/** Starts the run's measure of `arms`; resolves to each arm's rate by arm id. */
export function startPreview(engine: Pick<ExperimentEngine, 'confusability'>, arms: readonly Pick<ArmSpec, 'id' | 'label' | 'volumes'>[], settings: PreviewSettings, onProgress?: ConfusabilityHandlers['onProgress']): JobHandle<Record<string, PreviewRate>> {
  const { preset, backend } = settings;
  const handle = engine.confusability(armConfusabilityRequest(arms, preset, backend), { onProgress });
  const promise = handle.promise.then((outcomes) => Object.fromEntries(arms.map((a, i) => [a.id, { rate: outcomes[i].confusableRate, slices: previewSlicesKey(a), preset, backend }])));
  return { ...handle, promise };
}

/** What differs between a measurement and the run the setup would start now ('' when nothing). */
export function differences(m: PreviewSettings, now: PreviewSettings): string {
  return [
    m.preset !== now.preset ? `${m.preset}’s views (the run: ${now.preset}’s)` : '',
    m.backend !== now.backend ? `backend ${m.backend} (the run: ${now.backend})` : '',
  ].filter(Boolean).join(', ');
}
