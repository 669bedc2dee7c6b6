/**
 * How exports spell the user's paths (manifest `source` and `slices[].file`). Folder names often
 * carry patient names ("Smith_John/CT_HEAD/IM0001.dcm"), so the exports offer:
 * - 'relative' (the default): paths relative to the chosen root — the folder that was picked or
 *   dropped — so the root's own name is left out ("CT_HEAD/IM0001.dcm");
 * - 'pseudonymised': relative, and every remaining folder name replaced by a pseudonym
 *   ("folder-3fa9c1d2e0/IM0001.dcm"); a volume whose name or id is one of those folders (a PNG
 *   slice folder) gets the same pseudonym. File names are kept: they are what training code opens;
 * - 'as-opened': the paths as the browser or command line gave them.
 * Pseudonyms come from the caller (a keyed hash, so the same folder always gets the same one and
 * it cannot be undone by guessing names); here they are only applied. Pure: no DOM, no I/O.
 */
import type { Manifest, ManifestVolume } from '../manifest/types';

export type PathMode = 'relative' | 'pseudonymised' | 'as-opened';
export const PATH_MODES: readonly PathMode[] = ['relative', 'pseudonymised', 'as-opened'];
export const DEFAULT_PATH_MODE: PathMode = 'relative';

function segments(path: string): string[] {
  return path.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * The file paths a manifest records: every slice's file, or (when no slice names one) the
 * sources. A source may also be a folder path; the root is found from the files.
 */
export function manifestPaths(m: Manifest): string[] {
  const files = m.volumes.flatMap((v) => v.slices.flatMap((s) => (s.file === undefined ? [] : [s.file])));
  return files.length > 0 ? files : m.volumes.flatMap((v) => (Array.isArray(v.source) ? v.source : [v.source]));
}

/**
 * The chosen root: the folder that was picked or dropped. The browser gives paths starting with
 * that folder's name ("Smith_John/CT_HEAD/IM1.dcm"), so it is the first folder segment when every
 * path shares it; a path with no folder (a picked file) means there is none. Only that one segment
 * is the root: the folders below it stay (they tell series apart).
 */
export function commonRoot(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const firsts = paths.map((p) => {
    const parts = segments(p);
    return parts.length > 1 ? parts[0] : undefined;
  });
  return firsts[0] !== undefined && firsts.every((f) => f === firsts[0]) ? [firsts[0]] : [];
}

/** The folder names a pseudonymised export replaces: the folders left after the root, plus the root's own (names of PNG folder volumes). */
export function foldersToPseudonymise(m: Manifest): string[] {
  const paths = manifestPaths(m);
  const root = commonRoot(paths);
  const names = new Set<string>(root);
  const sources = m.volumes.flatMap((v) => (Array.isArray(v.source) ? v.source : [v.source]));
  for (const p of [...paths, ...sources]) for (const folder of segments(p).slice(root.length, -1)) names.add(folder);
  return [...names];
}

export interface PathRewrite {
  mode: PathMode;
  /** Folder name → pseudonym, for 'pseudonymised' (see foldersToPseudonymise); a missing name is an error. */
  pseudonyms?: ReadonlyMap<string, string>;
}

/** A copy of the manifest with its paths spelled as `mode` says (the input is not changed). */
export function rewriteManifestPaths(m: Manifest, rewrite: PathRewrite): Manifest {
  if (rewrite.mode === 'as-opened') return m;
  const root = commonRoot(manifestPaths(m));
  const pseudonym = (folder: string): string => {
    const p = rewrite.pseudonyms?.get(folder);
    if (p === undefined) throw new RangeError(`no pseudonym for folder "${folder}"`);
    return p;
  };
  const path = (p: string): string => {
    const parts = segments(p);
    if (parts.length === 0) return p;
    const inside = parts.slice(0, -1).slice(root.length);
    const folders = rewrite.mode === 'pseudonymised' ? inside.map(pseudonym) : inside;
    return [...folders, parts[parts.length - 1]].join('/');
  };
  // A source that is the root folder itself (a folder path, not a file) becomes ".": nothing of its name is left.
  const source = (s: string): string => (segments(s).join('/') === root.join('/') && root.length > 0 ? '.' : path(s));
  const volumeName = (name: string | undefined): string | undefined =>
    rewrite.mode === 'pseudonymised' && name !== undefined && rewrite.pseudonyms?.has(name) ? pseudonym(name) : name;
  return {
    ...m,
    volumes: m.volumes.map((v): ManifestVolume => {
      const name = volumeName(v.name);
      return {
        ...v,
        id: volumeName(v.id) ?? v.id,
        ...(name !== undefined ? { name } : {}),
        source: Array.isArray(v.source) ? v.source.map(source) : source(v.source),
        slices: v.slices.map((s) => (s.file === undefined ? s : { ...s, file: path(s.file) })),
      };
    }),
  };
}
