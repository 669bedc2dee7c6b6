/** The top bar: open files or a folder, bundled samples, loaded volumes, backend badge, help. */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useAppStore } from '../store';
import { fromFile } from '../loading/inputFiles';
import { loadInputs } from '../loading/loadInputs';
import { openSample } from '../bootstrap';
import { fetchSampleIndex, type SampleEntry } from '../loading/samples';
import { DatasetButtons } from '../features/dataset/DatasetButtons';

const get = appStore.getState;

function openPicked(e: ChangeEvent<HTMLInputElement>, label: string): void {
  const files = Array.from(e.target.files ?? []).map((f) => fromFile(f));
  e.target.value = '';
  if (files.length > 0) void loadInputs(get, files, files.length === 1 ? files[0].path : label);
}

function OpenButtons() {
  const folder = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // webkitdirectory is not in React's typings; set it on the element.
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <>
      <label className="button">Open files…<input type="file" multiple hidden data-testid="file-input" onChange={(e) => openPicked(e, 'selected files')} /></label>
      <label className="button">Open folder…<input type="file" multiple hidden ref={folder} data-testid="folder-input" onChange={(e) => openPicked(e, 'selected folder')} /></label>
    </>
  );
}

function SampleMenu() {
  const [samples, setSamples] = useState<SampleEntry[]>([]);
  useEffect(() => {
    fetchSampleIndex().then(setSamples).catch(() => setSamples([]));
  }, []);
  return (
    <select aria-label="bundled samples" data-testid="sample-select" value="" onChange={(e) => e.target.value && void openSample(e.target.value)}>
      <option value="">Samples…</option>
      {samples.map((s) => <option key={s.name} value={s.name} title={s.description}>{s.title}</option>)}
    </select>
  );
}

function VolumeList() {
  const { volumes, active } = useAppStore(useShallow((s) => ({ volumes: s.volumes, active: s.activeVolumeId })));
  if (volumes.length === 0) return null;
  return (
    <nav className="volume-tabs" aria-label="loaded volumes" data-testid="volume-list">
      {volumes.map((v) => (
        <button key={v.id} className={v.id === active ? 'on' : ''} title={`${v.name}: ${v.cols}×${v.rows}×${v.slices}`} onClick={() => get().setActiveVolume(v.id)}>
          {v.name}
        </button>
      ))}
    </nav>
  );
}

function LoadingStatus() {
  const loading = useAppStore((s) => s.loading);
  if (!loading) return null;
  return <span className="muted" data-testid="loading">loading {loading.label} {loading.total > 1 ? `${loading.done}/${loading.total}` : ''}…</span>;
}

function BackendBadge() {
  const backend = useAppStore((s) => s.backend);
  const kind = backend?.split(' ')[0] ?? 'pending';
  return <span className={`badge backend-${kind}`} data-testid="backend-badge" title="compute backend (TensorFlow.js)">{backend ?? 'backend…'}</span>;
}

export function Toolbar() {
  return (
    <header className="toolbar">
      <span className="brand">ctsieve</span>
      <OpenButtons />
      <DatasetButtons />
      <SampleMenu />
      <LoadingStatus />
      <VolumeList />
      <span className="spacer" />
      <BackendBadge />
      <button title="keyboard shortcuts (?)" onClick={() => get().setHelpOpen(true)}>?</button>
    </header>
  );
}
