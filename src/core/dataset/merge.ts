/**
 * `dataset merge`: every discovered volume's result, exactly once, computed with one parameter
 * set, into one manifest whose volumes[] follow the discovery order. Anything else is refused with
 * the volumes named: missing (with the failure message when the run recorded one), present twice,
 * computed with other parameters, or not in the discovered list.
 */
import { stableJson } from './results';
import type { VolumeResult } from './results';
import type { Manifest, ManifestConversion, ManifestVolume } from '../manifest/types';

export interface MergeProblems {
  missing: { key: string; reason?: string }[];
  duplicate: { key: string; files: string[] }[];
  /** One entry per parameter set when there is more than one (the keys computed with each). */
  mixed: { paramsKey: string; keys: string[] }[];
  unexpected: { key: string; file: string }[];
}

export class MergeError extends Error {
  constructor(readonly problems: MergeProblems) {
    super(describeProblems(problems));
    this.name = 'MergeError';
  }
}

const list = (items: string[], max = 5): string => items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '');

export function describeProblems(p: MergeProblems): string {
  const parts: string[] = [];
  if (p.missing.length) parts.push(`${p.missing.length} volume(s) have no result: ${list(p.missing.map((m) => (m.reason ? `${m.key} (failed: ${m.reason})` : m.key)))}`);
  if (p.duplicate.length) parts.push(`${p.duplicate.length} volume(s) have more than one result: ${list(p.duplicate.map((d) => `${d.key} (${d.files.join(', ')})`))}`);
  if (p.mixed.length) parts.push(`results were computed with ${p.mixed.length} different parameter sets: ${p.mixed.map((m) => `${m.paramsKey} for ${list(m.keys, 3)}`).join('; ')}`);
  if (p.unexpected.length) parts.push(`${p.unexpected.length} result(s) are for volumes not in the discovered list: ${list(p.unexpected.map((u) => `${u.key} (${u.file})`))}`);
  return parts.join('. ');
}

export interface ResultFile {
  file: string;
  result: VolumeResult;
}

/** What the checks need of a result (kept small, so a merge can check 10,000 results without holding them). */
export interface ResultRef {
  file: string;
  key: string;
  paramsKey: string;
}

export interface MergeInput {
  /** Discovered volume keys, in the dataset's sorted order. */
  keys: string[];
  results: ResultFile[];
  /** Failure messages the reduce runs recorded, by key. */
  failures?: Map<string, string>;
  createdAt?: string;
}

export const refOf = (r: ResultFile): ResultRef => ({ file: r.file, key: r.result.key, paramsKey: r.result.paramsKey });

export function findProblems(keys: readonly string[], refs: readonly ResultRef[], failures?: Map<string, string>): MergeProblems {
  const byKey = new Map<string, ResultRef[]>();
  for (const r of refs) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const known = new Set(keys);
  const byParams = new Map<string, string[]>();
  for (const r of refs) if (known.has(r.key)) byParams.set(r.paramsKey, [...(byParams.get(r.paramsKey) ?? []), r.key]);
  return {
    missing: keys.filter((k) => !byKey.has(k)).map((key) => ({ key, ...(failures?.get(key) ? { reason: failures.get(key) } : {}) })),
    duplicate: keys.filter((k) => (byKey.get(k)?.length ?? 0) > 1).map((key) => ({ key, files: byKey.get(key)!.map((r) => r.file) })),
    mixed: byParams.size > 1 ? [...byParams.entries()].map(([paramsKey, ks]) => ({ paramsKey, keys: ks })) : [],
    unexpected: refs.filter((r) => !known.has(r.key)).map((r) => ({ key: r.key, file: r.file })),
  };
}

export const hasProblems = (p: MergeProblems): boolean => p.missing.length + p.duplicate.length + p.mixed.length + p.unexpected.length > 0;

/** The dataset manifest; throws MergeError naming what is missing, twice, mixed or unexpected. */
export function mergeResults(input: MergeInput): Manifest {
  const problems = findProblems(input.keys, input.results.map(refOf), input.failures);
  if (hasProblems(problems)) throw new MergeError(problems);
  if (!input.keys.length) throw new RangeError('dataset merge: the discovered list is empty');
  const byKey = new Map(input.results.map((r) => [r.result.key, r.result]));
  const ordered = input.keys.map((k) => byKey.get(k)!.manifest);
  const header = mergedHeader(ordered[0], ordered.map((m) => m.params.conversion), ordered.map((m) => m.backend), input.createdAt);
  return { ...header, volumes: ordered.map((m) => mergedVolume(m, header.params.conversion)) };
}

/** The merged manifest without its volumes: the first result's fields, the most common conversion, every backend used. */
export function mergedHeader(first: Manifest, conversions: readonly ManifestConversion[], backends: readonly string[], createdAt?: string): Omit<Manifest, 'volumes'> {
  const { volumes: _volumes, ...rest } = first;
  return {
    ...rest,
    createdAt: createdAt ?? new Date().toISOString(),
    params: { ...first.params, conversion: mostCommon(conversions) },
    backend: [...new Set(backends)].sort().join('+'),
  };
}

/** A result's one volume as the merged manifest holds it (its own conversion when it differs). */
export function mergedVolume(result: Manifest, conversion: ManifestConversion): ManifestVolume {
  const v = { ...result.volumes[0] };
  if (stableJson(result.params.conversion) !== stableJson(conversion)) v.conversion = result.params.conversion;
  return v;
}

function mostCommon(conversions: readonly ManifestConversion[]): ManifestConversion {
  const counts = new Map<string, { c: ManifestConversion; n: number }>();
  for (const c of conversions) {
    const k = stableJson(c);
    counts.set(k, { c, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0].c;
}
