/**
 * Importing a manifest into a session: restores method, parameters and kept/dropped marks for the
 * loaded volumes it matches by voxelSha256 (names and paths may differ between machines), and says
 * which manifest volumes and which loaded volumes found no partner.
 */
import type { Override, ReductionParams } from '../reduction/types';
import type { Manifest, ManifestConversion, ManifestSlice } from './types';

export interface LoadedVolumeRef {
  id: string;
  voxelSha256: string;
  /** Slice count, when known: a match with a different count is reported, not applied. */
  n?: number;
}

export interface MatchedVolume {
  loadedId: string;
  manifestVolumeId: string;
  /** Final kept indices (overrides included). */
  kept: number[];
  /** Reviewer overrides by slice index. */
  overrides: Map<number, Override>;
  slices: ManifestSlice[];
}

export interface ApplyManifestResult {
  /** The reduction parameters the manifest was made with (undefined if they cannot be rebuilt). */
  params: ReductionParams | undefined;
  conversion: ManifestConversion;
  pool: 'volume' | 'dataset';
  matched: MatchedVolume[];
  /** Manifest volumes that match no loaded volume. */
  unmatched: { id: string; voxelSha256: string; reason: string }[];
  /** Loaded volumes the manifest does not mention. */
  unmatchedLoaded: string[];
}

export function applyManifest(manifest: Manifest, loaded: readonly LoadedVolumeRef[]): ApplyManifestResult {
  const matched: MatchedVolume[] = [];
  const unmatched: ApplyManifestResult['unmatched'] = [];
  const used = new Set<string>();
  for (const mv of manifest.volumes) {
    const hits = loaded.filter((l) => l.voxelSha256 === mv.voxelSha256);
    if (hits.length === 0) {
      unmatched.push({ id: mv.id, voxelSha256: mv.voxelSha256, reason: 'no loaded volume has these voxels (voxelSha256 differs)' });
      continue;
    }
    for (const hit of hits) {
      if (hit.n !== undefined && hit.n !== mv.n) {
        unmatched.push({ id: mv.id, voxelSha256: mv.voxelSha256, reason: `loaded volume '${hit.id}' has ${hit.n} slices, the manifest ${mv.n}` });
        continue;
      }
      used.add(hit.id);
      const overrides = new Map<number, Override>();
      for (const s of mv.slices) if (s.override) overrides.set(s.index, s.override);
      matched.push({ loadedId: hit.id, manifestVolumeId: mv.id, kept: [...mv.kept], overrides, slices: mv.slices });
    }
  }
  return {
    params: reductionParams(manifest),
    conversion: manifest.params.conversion,
    pool: manifest.params.pool,
    matched,
    unmatched,
    unmatchedLoaded: loaded.filter((l) => !used.has(l.id)).map((l) => l.id),
  };
}

/** Rebuilds ReductionParams from a manifest's method, algorithm and flat params. */
export function reductionParams(m: Pick<Manifest, 'method' | 'algorithm' | 'params'>): ReductionParams | undefined {
  const p = m.params;
  if (m.method === 'all') return { method: 'all' };
  if (m.method === 'everyn') return p.every !== undefined ? { method: 'everyn', every: p.every } : undefined;
  const method = m.method;
  let stop: { maxDistance: number } | { minSimilarity: number } | { keepFraction: number } | { targetCount: number } | undefined;
  if (p.threshold !== undefined) stop = p.thresholdMeaning === 'maxDistance' ? { maxDistance: p.threshold } : { minSimilarity: p.threshold };
  else if (p.keepFraction !== undefined) stop = { keepFraction: p.keepFraction };
  else if (p.targetCount !== undefined) stop = { targetCount: p.targetCount };
  if (!stop) return undefined;
  if (m.algorithm === 'leader') return 'maxDistance' in stop ? { method, algorithm: 'leader', ...stop } : undefined;
  if (m.algorithm !== 'greedy') return undefined;
  return { method, algorithm: 'greedy', drop: p.drop ?? 'later', ...stop };
}
