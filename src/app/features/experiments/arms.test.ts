import { describe, expect, it } from 'vitest';
import { greedyWalk } from '../../../core/reduction/greedy';
import type { ScoreMatrix } from '../../../core/reduction/types';
import { THRESHOLD_RANGES, UI_METHODS, type UiMethod } from '../../store/methods';
import { armSliceCount, availableArms, defaultArmIds, type ArmInputs } from './arms';

/** 4 slices: 0~1 (distance 1), 2~3 (distance 2), everything else 10 apart. */
function hashScores(): ScoreMatrix {
  const d = [[0, 1, 10, 10], [1, 0, 10, 10], [10, 10, 0, 2], [10, 10, 2, 0]];
  return { n: 4, kind: 'distance', matrix: Float64Array.from(d.flat()) };
}

const thresholds = Object.fromEntries(UI_METHODS.map((m) => [m, THRESHOLD_RANGES[m].initial])) as Record<UiMethod, number>;

function inputs(over: Partial<ArmInputs> = {}): ArmInputs {
  const scores = hashScores();
  return {
    volumes: [{ id: 'a', name: 'a.nii', slices: 4, voxelSha256: 'sha-a' }, { id: 'b', name: 'b.nii', slices: 4, voxelSha256: 'sha-b' }],
    method: 'hash', algorithm: 'greedy', thresholdMode: 'threshold',
    thresholds: { ...thresholds, hash: 1, everyn: 2 }, keepPercent: 50, overrides: {},
    scoresFor: (_sha, m) => (m === 'hash' ? { scores, walk: greedyWalk(scores), backend: 'cpu' } : undefined),
    ...over,
  };
}

describe('availableArms', () => {
  it('offers ALL, EveryN and each computed method over every loaded volume', () => {
    const arms = availableArms(inputs());
    expect(arms.map((a) => a.label)).toEqual(['ALL', 'EveryN 2', 'HASH ≤ 1']);
    expect(arms.map(armSliceCount)).toEqual([8, 4, 6]);
    expect(arms[2].volumes.map((v) => v.kept)).toEqual([[0, 2, 3], [0, 2, 3]]);
    expect(arms[2].backend).toBe('cpu');
    expect(arms[0].backend).toBe('none');
  });

  it('does not offer a method computed for only some of the volumes', () => {
    const scores = hashScores();
    const arms = availableArms(inputs({ scoresFor: (sha, m) => (m === 'hash' && sha === 'sha-a' ? { scores, backend: 'cpu' } : undefined) }));
    expect(arms.map((a) => a.label)).toEqual(['ALL', 'EveryN 2']);
  });

  it('takes the current algorithm, keep-% and the overrides on screen for the current method', () => {
    expect(availableArms(inputs({ algorithm: 'leader', thresholds: { ...thresholds, hash: 2 } }))[2].label).toBe('HASH ≤ 2 (leader)');
    expect(availableArms(inputs({ thresholdMode: 'keepPercent', keepPercent: 75 }))[2].label).toBe('HASH keep 75%');
    const withOverride = availableArms(inputs({ overrides: { a: { 1: 'keep' } } }))[2];
    expect(withOverride.label).toBe('HASH ≤ 1 + overrides');
    expect(withOverride.volumes[0].kept).toEqual([0, 1, 2, 3]);
    expect(withOverride.volumes[1].kept).toEqual([0, 2, 3]);
  });

  it('waits for the volume hashes (an arm names the content it trains on)', () => {
    const arms = availableArms(inputs({ volumes: [{ id: 'a', name: 'a', slices: 4 }] }));
    expect(arms).toEqual([]);
  });

  it('defaults to ALL against the reduction on screen, else against EveryN', () => {
    const arms = availableArms(inputs());
    expect(defaultArmIds(arms, { method: 'hash' }).map((id) => arms.find((a) => a.id === id)?.label)).toEqual(['ALL', 'HASH ≤ 1']);
    const baselines = availableArms(inputs({ scoresFor: () => undefined }));
    expect(defaultArmIds(baselines, { method: 'hash' }).map((id) => baselines.find((a) => a.id === id)?.label)).toEqual(['ALL', 'EveryN 2']);
  });
});
