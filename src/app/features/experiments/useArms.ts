/** The arms on offer, from the explorer's store and results registry (recomputed when they change). */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { resultKey } from '../../store/analysisSlice';
import { availableArms, type AvailableArm } from './arms';

export function useAvailableArms(): AvailableArm[] {
  const s = useAppStore(useShallow((st) => ({
    volumes: st.volumes, method: st.method, algorithm: st.algorithm, thresholdMode: st.thresholdMode,
    thresholds: st.thresholds, keepPercent: st.keepPercent, overrides: st.overrides, results: st.results, registry: st.services.results,
  })));
  return useMemo(() => availableArms({
    volumes: s.volumes.map((v) => ({ id: v.id, name: v.name, slices: v.slices, voxelSha256: v.voxelSha256 })),
    method: s.method, algorithm: s.algorithm, thresholdMode: s.thresholdMode, thresholds: s.thresholds,
    keepPercent: s.keepPercent, overrides: s.overrides,
    scoresFor: (sha, method) => {
      const key = resultKey(sha, method);
      const stored = s.results[key] ? s.registry.get(key) : undefined;
      return stored ? { scores: stored.scores, walk: s.registry.walk(key), backend: stored.backend } : undefined;
    },
  }), [s]);
}
