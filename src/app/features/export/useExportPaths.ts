/**
 * The path spelling chosen for exports (core export/paths: relative to the chosen root by default,
 * pseudonymised folders, or as opened), remembered in localStorage, and the manifest as it will be
 * exported. Pseudonyms are computed asynchronously (HMAC, ./pseudonyms.ts); until they are ready
 * the manifest is a string saying so, like any other reason there is nothing to export yet.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Manifest } from '../../../core/manifest';
import { DEFAULT_PATH_MODE, foldersToPseudonymise, PATH_MODES, rewriteManifestPaths, type PathMode } from '../../../core/export';
import { pseudonymKey, pseudonymsFor } from './pseudonyms';

const MODE_ITEM = 'ctsieve.exportPaths';

function savedMode(): PathMode {
  const saved = globalThis.localStorage?.getItem(MODE_ITEM);
  return (PATH_MODES as readonly string[]).includes(saved ?? '') ? (saved as PathMode) : DEFAULT_PATH_MODE;
}

export function useExportPaths(manifest: Manifest | string): { mode: PathMode; setMode: (m: PathMode) => void; exported: Manifest | string } {
  const [mode, setModeState] = useState<PathMode>(savedMode);
  const [pseudonyms, setPseudonyms] = useState<Map<string, string>>(() => new Map());
  const folders = useMemo(() => (typeof manifest === 'string' || mode !== 'pseudonymised' ? [] : foldersToPseudonymise(manifest)), [manifest, mode]);
  const missing = folders.filter((f) => !pseudonyms.has(f));
  const missingKey = missing.join('\n');
  useEffect(() => {
    if (!missingKey) return;
    let live = true;
    void pseudonymKey()
      .then((key) => pseudonymsFor(missingKey.split('\n'), key))
      .then((made) => live && setPseudonyms((had) => new Map([...had, ...made])));
    return () => {
      live = false;
    };
  }, [missingKey]);
  const exported = useMemo(() => {
    if (typeof manifest === 'string') return manifest;
    if (mode === 'pseudonymised' && missingKey) return 'preparing folder pseudonyms…';
    return rewriteManifestPaths(manifest, { mode, pseudonyms });
  }, [manifest, mode, pseudonyms, missingKey]);
  const setMode = (next: PathMode) => {
    globalThis.localStorage?.setItem(MODE_ITEM, next);
    setModeState(next);
  };
  return { mode, setMode, exported };
}
