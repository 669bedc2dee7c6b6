/** Mounts the export/import menu (features/export) with the current manifest and the loaded volumes. */
import { useCallback, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { keptSlicesZip } from '../../core/export';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { ExportMenu } from '../features/export/ExportMenu';
import type { ImportReport } from '../features/export/exportFiles';
import type { Manifest } from '../../core/manifest';
import { appStore, useAppStore } from '../store';
import { activeVolume } from '../store/volumesSlice';
import { selectDecision } from '../analysis/currentDecision';
import { currentManifest } from '../analysis/currentManifest';
import { applyImportedManifest, resolveOverrideImport, type PendingOverrideImport } from '../analysis/importManifest';
import { OverrideImportDialog } from '../overrides/OverrideImportDialog';
import type { OverrideImportChoice } from '../overrides/importPlan';
import { getVolume } from '../volumes/registry';
import { useExportPaths } from '../features/export/useExportPaths';
import { PATH_MODES, type PathMode } from '../../core/export';

const get = appStore.getState;

const PATH_MODE_LABELS: Record<PathMode, string> = {
  relative: 'relative to opened folder',
  pseudonymised: 'pseudonymised folders',
  'as-opened': 'as opened (all names)',
};

/** How exported file paths are spelled (docs/manifest.md, "Paths"). */
function PathModeSelect({ mode, onChange }: { mode: PathMode; onChange: (m: PathMode) => void }) {
  return (
    <label className="export-paths" title="Folder names often carry patient names: relative paths leave out the opened folder's own name; pseudonymised ones replace every folder name with a stable pseudonym (file names are kept).">
      Paths
      <select data-testid="export-paths" value={mode} onChange={(e) => onChange(e.target.value as PathMode)}>
        {PATH_MODES.map((m) => <option key={m} value={m}>{PATH_MODE_LABELS[m]}</option>)}
      </select>
    </label>
  );
}

export function ExportPanel() {
  const { decision, sha, volumes } = useAppStore(useShallow((s) => ({ decision: selectDecision(s), sha: activeVolume(s)?.voxelSha256, volumes: s.volumes })));
  // The manifest follows the decision (which already folds in method, threshold and overrides).
  const manifest = useMemo(() => currentManifest(get()), [decision, sha]); // eslint-disable-line react-hooks/exhaustive-deps
  const loaded = useMemo(() => volumes.flatMap((v) => (v.voxelSha256 ? [{ id: v.id, voxelSha256: v.voxelSha256, n: v.slices }] : [])), [volumes]);
  const { mode, setMode, exported } = useExportPaths(manifest);
  // The ZIP's names follow the exported (path-rewritten) manifest.
  const zip = useCallback(async () => {
    const summary = activeVolume(get());
    if (typeof exported === 'string' || !summary) throw new Error(typeof exported === 'string' ? exported : 'no volume loaded');
    return keptSlicesZip(toUint8Stack(getVolume(summary.id)), exported.volumes[0]);
  }, [exported]);
  // Imports that would change the reviewer's own overrides wait here for an answer, one at a time.
  const [pending, setPending] = useState<PendingOverrideImport[]>([]);
  const [resolved, setResolved] = useState('');
  const onImport = useCallback((_: Manifest, report: ImportReport) => {
    setResolved('');
    setPending(applyImportedManifest(get, report.fileName, report.apply));
  }, []);
  const choose = (choice: OverrideImportChoice) => {
    const [first, ...rest] = pending;
    if (!first) return;
    setResolved(resolveOverrideImport(get, first, choice));
    setPending(rest);
  };
  return (
    <>
    <PathModeSelect mode={mode} onChange={setMode} />
    <ExportMenu
      manifest={typeof exported === 'string' ? null : exported}
      unavailableReason={typeof exported === 'string' ? exported : undefined}
      loadedVolumes={loaded}
      onImport={onImport}
      getKeptSliceZip={zip}
    />
    {resolved && <p className="muted" role="status" data-testid="override-import-status">{resolved}</p>}
    {pending[0] && <OverrideImportDialog pending={pending[0]} onChoose={choose} />}
    </>
  );
}
