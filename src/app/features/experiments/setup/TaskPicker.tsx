/**
 * The downstream task: the built-in proxy (clearly a proxy: anatomical level of the loaded slices)
 * or the user's labelled data — a folder with class sub-folders, a CSV with its images, a COVID-CT
 * repository folder or a MedMNIST .npz — picked or dropped here (a drop here does not load volumes).
 * Every file is read and checked on pick (a broken one is named before any training); the reader's
 * notes (colour made grey, the split used) are shown once.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { filesFromDataTransfer } from '../../../loading/inputFiles';
import type { LabelledPick } from '../draft';
import { labelledLayout, readLabelledPick, relevantPickedPaths } from '../../../../workers/experiment/labelledLayout';

interface Props {
  useLabelled: boolean;
  onUseLabelled: (v: boolean) => void;
  labelled: LabelledPick | null;
  onLabelled: (p: LabelledPick | null) => void;
}

/** Side the check stores slices at: every file is decoded in full, only a thumbnail is kept. */
const CHECK_SIZE = 16;

async function readPick(files: { path: string; blob: Blob }[], onProgress: (done: number, total: number) => void): Promise<{ pick: LabelledPick; notes: string[] }> {
  const relevant = relevantPickedPaths(files);
  const read = await Promise.all(relevant.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })));
  const layout = await labelledLayout(read);
  const set = await readLabelledPick(read, { resizeTo: CHECK_SIZE, onProgress });
  const notes = set.notes.filter((n) => !/resized to \d+×\d+ as read/.test(n)); // the check's thumbnails, not the training size
  return { pick: { name: layout.origin, files: read, classes: set.classes }, notes };
}

export function TaskPicker({ useLabelled, onUseLabelled, labelled, onLabelled }: Props) {
  const folder = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string>();
  const [notes, setNotes] = useState<string[]>([]);
  const [checking, setChecking] = useState<string>();
  useEffect(() => folder.current?.setAttribute('webkitdirectory', ''), []);
  const take = (files: { path: string; blob: Blob }[]) => {
    setError(undefined);
    setChecking('reading the picked files…');
    readPick(files, (done, total) => setChecking(`checking ${done} / ${total} files…`)).then(
      ({ pick, notes: n }) => { onLabelled(pick); onUseLabelled(true); setNotes(n); setChecking(undefined); },
      (e: unknown) => { onLabelled(null); onUseLabelled(false); setNotes([]); setChecking(undefined); setError(e instanceof Error ? e.message : String(e)); },
    );
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
        <label className="button">CSV + images / .npz…<input type="file" hidden multiple accept=".csv,.png,.jpg,.jpeg,.dcm,.nii,.gz,.npz" data-testid="experiment-task-files" onChange={(e) => { fromInput(e.target.files); e.target.value = ''; }} /></label>
        <span className="muted">or drop a class-folder tree, a CSV with its images, a COVID-CT repository folder or a MedMNIST .npz here</span>
        {labelled && <button onClick={() => { onLabelled(null); onUseLabelled(false); setNotes([]); }}>clear</button>}
      </div>
      {checking && <p className="muted" data-testid="experiment-task-checking">{checking}</p>}
      {error && <p className="error-text" data-testid="experiment-task-error">{error}</p>}
      {labelled && notes.length > 0 && <ul className="muted" data-testid="experiment-task-notes">{notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </div>
  );
}
