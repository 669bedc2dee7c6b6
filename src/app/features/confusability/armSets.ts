/**
 * The experiment arms as confusability sets: the arms' volumes (each arm trains on the same ones)
 * and, per arm, each volume's kept slices. Pure, so it is tested without the worker.
 */
import type { ConfusabilitySet } from '../../../workers/confusabilityJob';

export interface ArmSlices {
  id: string;
  volumes: { volumeId: string; kept: number[] }[];
}

/** Volume ids in the first arm's order, and one set per arm (its kept indices per volume; [] where it has none). */
export function armSets(arms: readonly ArmSlices[]): { volumeIds: string[]; sets: ConfusabilitySet[] } {
  const volumeIds = [...new Set(arms.flatMap((a) => a.volumes.map((v) => v.volumeId)))];
  const sets = arms.map((a) => ({ label: a.id, kept: volumeIds.map((id) => a.volumes.find((v) => v.volumeId === id)?.kept ?? []) }));
  return { volumeIds, sets };
}

/** What a measurement of these arms depends on (to hide a result once the arms change). */
export function armsKey(arms: readonly ArmSlices[], embedding: string): string {
  return JSON.stringify([embedding, arms.map((a) => [a.id, a.volumes.map((v) => [v.volumeId, v.kept.length, v.kept[0], v.kept.at(-1)])])]);
}
