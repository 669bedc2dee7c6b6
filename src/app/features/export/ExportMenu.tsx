/**
 * <ExportMenu> — export the current reduction and import a manifest.
 *
 * Props
 * - manifest: Manifest | null        the reduction to export (core buildManifest); null disables
 *                                    the export buttons and shows `unavailableReason`.
 * - onImport(manifest, report)       a manifest file was read and validated (core parseManifest);
 *                                    report = {fileName, volumes, slices, kept, apply?}.
 * - loadedVolumes?: {id, voxelSha256, n?}[]  when given, an import is matched against them
 *                                    (core applyManifest) and report.apply says what matched.
 * - getKeptSliceZip?: () => Promise<Uint8Array>  bytes of the kept-slice PNG ZIP (core
 *                                    keptSlicesZip, usually run where the pixels are); without it
 *                                    the ZIP button is hidden.
 * - unavailableReason?: string       why there is nothing to export yet.
 *
 * Buttons (data-testid): export-manifest (`<volume>-<method>.ctsieve.json`), export-csv
 * (`.ctsieve.csv`), export-monai (`.monai.json`, MONAI datalist), export-zip (`-kept.zip`),
 * import-manifest (opens a file picker; input data-testid import-manifest-input). Problems in an
 * imported file are listed with the file name and each JSON path (data-testid import-errors).
 * Downloads use a Blob and an object URL; nothing leaves the machine.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { LoadedVolumeRef, Manifest, ManifestProblem } from '../../../core/manifest';
import { downloadBlob } from './download';
import { describeImport, importMatchedNothing, EXPORT_MIME, exportFileName, exportText, importManifestText, type ExportKind, type ImportReport } from './exportFiles';
import './export.css';

export interface ExportMenuProps {
  manifest: Manifest | null;
  onImport: (manifest: Manifest, report: ImportReport) => void;
  loadedVolumes?: readonly LoadedVolumeRef[];
  getKeptSliceZip?: () => Promise<Uint8Array>;
  unavailableReason?: string;
}

type Status = { kind: 'idle' } | { kind: 'busy'; what: string } | { kind: 'done' | 'warn' | 'error'; text: string };

const TEXT_EXPORTS: { kind: Exclude<ExportKind, 'zip'>; label: string; title: string }[] = [
  { kind: 'manifest', label: 'Manifest JSON', title: 'The full manifest (ctsieve-manifest/1), re-importable' },
  { kind: 'csv', label: 'CSV', title: 'One row per slice: kept, reason, file, nearest kept slice, score' },
  { kind: 'monai', label: 'MONAI datalist', title: 'Kept slices as a MONAI datalist ({"training": [{"image": …}]})' },
];

export function ExportMenu({ manifest, onImport, loadedVolumes, getKeptSliceZip, unavailableReason }: ExportMenuProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [importErrors, setImportErrors] = useState<{ fileName: string; problems: ManifestProblem[] } | null>(null);

  const exportTextFile = (kind: Exclude<ExportKind, 'zip'>) => {
    if (!manifest) return;
    try {
      const name = exportFileName(manifest, kind);
      downloadBlob(exportText(manifest, kind), name, EXPORT_MIME[kind]);
      setStatus({ kind: 'done', text: `saved ${name}` });
    } catch (e) {
      setStatus({ kind: 'error', text: `export failed: ${(e as Error).message}` });
    }
  };

  const exportZip = async () => {
    if (!manifest || !getKeptSliceZip) return;
    const name = exportFileName(manifest, 'zip');
    setStatus({ kind: 'busy', what: `building ${name}…` });
    try {
      downloadBlob(await getKeptSliceZip(), name, EXPORT_MIME.zip);
      setStatus({ kind: 'done', text: `saved ${name}` });
    } catch (e) {
      setStatus({ kind: 'error', text: `${name}: ${(e as Error).message}` });
    }
  };

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again fires change again
    if (!file) return;
    const outcome = importManifestText(await file.text(), file.name, loadedVolumes);
    if (!outcome.ok) {
      setImportErrors({ fileName: outcome.fileName, problems: outcome.problems });
      setStatus({ kind: 'error', text: `${outcome.fileName} was not imported` });
      return;
    }
    setImportErrors(null);
    // A manifest of volumes none of which is loaded only brings its settings: say so, not "imported".
    setStatus(importMatchedNothing(outcome.report)
      ? { kind: 'warn', text: `${outcome.report.fileName}: settings taken, but it matches no loaded volume` }
      : { kind: 'done', text: `imported ${describeImport(outcome.report)}` });
    onImport(outcome.manifest, outcome.report);
  };

  const busy = status.kind === 'busy';
  return (
    <section className="ct-export" aria-label="Export and import" data-testid="export-menu">
      <div className="ct-export-buttons" role="group" aria-label="Export">
        {TEXT_EXPORTS.map(({ kind, label, title }) => (
          <button key={kind} type="button" disabled={!manifest || busy} title={title} data-testid={`export-${kind}`} onClick={() => exportTextFile(kind)}>
            {label}
          </button>
        ))}
        {getKeptSliceZip && (
          <button type="button" disabled={!manifest || busy} title="The kept slices as 8-bit PNG files in a ZIP" data-testid="export-zip" onClick={exportZip}>
            PNG ZIP
          </button>
        )}
        <span className="ct-export-sep" aria-hidden="true" />
        <button type="button" disabled={busy} data-testid="import-manifest" onClick={() => fileInput.current?.click()}>
          Import manifest…
        </button>
        <input ref={fileInput} type="file" accept=".json,application/json" hidden data-testid="import-manifest-input" onChange={importFile} />
      </div>
      {!manifest && unavailableReason && <p className="ct-export-note">{unavailableReason}</p>}
      <p className={`ct-export-status ct-${status.kind}`} role="status" data-testid="export-status">
        {status.kind === 'busy' ? status.what : status.kind === 'idle' ? '' : status.text}
      </p>
      {importErrors && <ImportErrors {...importErrors} onDismiss={() => setImportErrors(null)} />}
    </section>
  );
}

function ImportErrors({ fileName, problems, onDismiss }: { fileName: string; problems: ManifestProblem[]; onDismiss: () => void }) {
  return (
    <div className="ct-export-errors" role="alert" data-testid="import-errors">
      <div className="ct-export-errors-head">
        <strong>{fileName}</strong> is not a valid ctsieve manifest ({problems.length} problem{problems.length === 1 ? '' : 's'}):
        <button type="button" className="ct-export-dismiss" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </div>
      <ul>
        {problems.map((p, k) => (
          <li key={k} data-testid="import-problem" data-path={p.path}>
            <code>{p.path || '/'}</code> {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
