/**
 * The training units of an experiment: every arm under every seed, keyed `<arm id>#<seed>` (the key
 * of its progress, live steps, checkpoint, history and encoder). Experiments stored before seeds
 * trained one unit per arm, keyed by the arm id.
 */
import { unitKey } from '../../../core/experiment';
import type { ArmSpec, ExperimentRecord } from './types';

export interface TrainingUnit {
  key: string;
  arm: ArmSpec;
  seed: number;
  label: string;
}

export function trainingUnits(record: Pick<ExperimentRecord, 'arms' | 'seeds' | 'pretrain'>): TrainingUnit[] {
  if (!record.seeds) return record.arms.map((arm) => ({ key: arm.id, arm, seed: record.pretrain.seed, label: arm.label }));
  return record.seeds.flatMap((seed) => record.arms.map((arm) => ({ key: unitKey(arm.id, seed), arm, seed, label: `${arm.label} · seed ${seed}` })));
}
