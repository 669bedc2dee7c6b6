/**
 * The downstream task: the built-in proxy (clearly a proxy: anatomical level of the loaded slices)
 * or the user's labelled data — a folder with class sub-folders, or a CSV with its images — picked
 * or dropped here (a drop here does not load volumes).
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { filesFromDataTransfer } from '../../../loading/inputFiles';
import type { LabelledPick } from '../draft';
import { labelledLayout } from '../../../../workers/experiment/labelledLayout';

interface Props {
  useLabelled: boolean;
  onUseLabelled: (v: boolean) => void;
  labelled: LabelledPick | null;
  onLabelled: (p: LabelledPick | null) => void;
}

async function readPick(files: { path: string; blob: Blob }[]): Promise<LabelledPick> {
  const read = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })));
  const layout = labelledLayout(read);
  return { name: layout.origin, files: read, classes: layout.classes };
}

export function TaskPicker({ useLabelled, onUseLabelled, labelled, onLabelled }: Props) {
  const folder = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => folder.current?.setAttribute('webkitdirectory', ''), []);
  const take = (files: { path: string; blob: Blob }[]) => {
    readPick(files).then((p) => { onLabelled(p); onUseLabelled(true); setError(undefined); }, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  const fromInput = (list: FileList | null) => take(Array.from(list ?? [], (f) => ({ path: f.webkitRelativePath || f.name, blob: f })));
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.stopPropagation(); // not a volume drop
    void filesFromDataTransfer(e.dataTransfer).then((sources) => take(sources.flatMap((s) => (s.kind === 'blob' ? [{ path: s.path, blob: s.blob }] : []))));
  };
  return (
    <div className="exp-task" data-testid="experiment-task">
      <label>
        <input type="radio" name="exp-task" checked={!useLabelled} onChange={() => onUseLabelled(false)} />
        <strong>Proxy task</strong> <span className="exp-proxy-badge">PROXY</span>: anatomical level (thirds along z) of the loaded slices, contiguous blocks with gap slices. Not a clinical label: it shows whether the encoder learned anatomy, nothing about diagnosis.
      </label>
      <label>
        <input type="radio" name="exp-task" checked={useLabelled} disabled={!labelled} onChange={() => onUseLabelled(true)} />
        <strong>Your labelled data</strong>{labelled ? `: ${labelled.name}, ${labelled.files.length} files, classes ${labelled.classes.join(', ')}` : ' (pick or drop below)'}
      </label>
      <div className="exp-drop" onDragOver={(e) => { e.preventDefault(); e.stopPropagation(); }} onDrop={onDrop} data-testid="experiment-task-drop">
        <label className="button">Folder…<input type="file" hidden multiple ref={folder} data-testid="experiment-task-folder" onChange={(e) => { fromInput(e.target.files); e.target.value = ''; }} /></label>
        <label className="button">CSV + images…<input type="file" hidden multiple accept=".csv,.png,.dcm,.nii,.gz" data-testid="experiment-task-files" onChange={(e) => { fromInput(e.target.files); e.target.value = ''; }} /></label>
        <span className="muted">or drop a class-folder tree / CSV with its images here</span>
        {labelled && <button onClick={() => { onLabelled(null); onUseLabelled(false); }}>clear</button>}
      </div>
      {error && <p className="error-text" data-testid="experiment-task-error">{error}</p>}
    </div>
  );
}
