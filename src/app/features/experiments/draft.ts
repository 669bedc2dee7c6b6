/**
 * From the setup form to an experiment draft: the chosen arms (as stored specs), each arm's
 * ctsieve-manifest/1 (core buildManifest over the volumes it trains on, so the export can say
 * exactly which slices an encoder saw), the settings with the arm budget, and the task.
 */
import { buildManifest, type Manifest } from '../../../core/manifest';
import type { VolumeMeta } from '../../../core/volume/types';
import { armSpec, type AvailableArm } from './arms';
import type { ExperimentDraft } from './controller';
import type { ExperimentSettings } from './presets';
import type { ArmSpec, TaskSpec } from './types';

export interface LabelledPick {
  name: string;
  files: { path: string; bytes: Uint8Array }[];
  classes: string[];
}

/** The arm's manifest; `meta` gives each volume's metadata (from the volume registry). */
export function armManifest(arm: AvailableArm, meta: (volumeId: string) => VolumeMeta): Manifest {
  return buildManifest({
    volumes: arm.volumes.map((v, k) => {
      const m = meta(v.volumeId);
      return { meta: m, voxelSha256: v.voxelSha256, result: arm.decisions[k], source: m.sources.some((x) => x.file) ? m.sources.map((x) => x.file ?? '') : m.name };
    }),
    params: arm.params,
    backend: arm.backend,
    // As the explorer's own manifests: PNG slices are used as they are, everything else min/max per slice.
    conversion: arm.volumes.length > 0 && meta(arm.volumes[0].volumeId).format === 'png' ? { kind: 'as-is' } : { kind: 'minmax' },
  });
}

/** The arms as stored (a rate the setup measured stays in the setup: the run measures each arm's confusability itself, as the CLI's). */
export function draftArms(arms: AvailableArm[]): ArmSpec[] {
  return arms.map(armSpec);
}

/**
 * The config every arm shares, named by the setup's preset: the setup's tiny is core's tiny with the
 * step count it offers (methodPreset calls that 'custom'), and the SPEC the setup exports says
 * 'tiny' — so the stored experiment's SPEC (report, export, the preset its confusability views use)
 * says so too, and a CLI run of either SPEC measures the same thing.
 */
export function draftPretrain(settings: Pick<ExperimentSettings, 'preset' | 'pretrain'>): ExperimentDraft['pretrain'] {
  return { ...settings.pretrain, preset: settings.preset };
}

export function buildDraft(settings: ExperimentSettings, arms: AvailableArm[], labelled: LabelledPick | null, meta: (volumeId: string) => VolumeMeta): ExperimentDraft {
  const task: TaskSpec = labelled ? { kind: 'labelled', name: labelled.name, files: labelled.files.length, classes: labelled.classes } : { kind: 'proxy' };
  return {
    arms: draftArms(arms),
    pretrain: draftPretrain(settings),
    backend: settings.backend,
    budget: settings.budget,
    budgetValue: settings.budgetValue,
    seeds: settings.seeds,
    evalRuns: settings.evalRuns,
    evalProtocol: settings.evalProtocol,
    evalEpochs: settings.evalEpochs,
    task,
    labelledFiles: labelled?.files,
    manifests: Object.fromEntries(arms.map((a) => [a.id, armManifest(a, meta)])),
  };
}
