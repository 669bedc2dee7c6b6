/** The top bar: open files or a folder, bundled samples, loaded volumes, backend badge, help. */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { appStore, useAppStore } from '../store';
import { fromFile } from '../loading/inputFiles';
import { forgetLoadedVolume, loadInputs } from '../loading/loadInputs';
import { volumeLabel, volumeTitle } from '../loading/volumeLabel';
import { removeVolume } from '../volumes/registry';
import { openSample } from '../bootstrap';
import { fetchSampleIndex, type SampleEntry } from '../loading/samples';
import { ExperimentsButton } from '../features/experiments/ExperimentsPanel';
import { DatasetButtons } from '../features/dataset/DatasetButtons';

const get = appStore.getState;

function openPicked(e: ChangeEvent<HTMLInputElement>, label: string, isFolder: boolean): void {
  const files = Array.from(e.target.files ?? []).map((f) => fromFile(f));
  e.target.value = '';
  // An empty folder gives no files at all: say so (loadInputs does) rather than do nothing.
  if (files.length > 0 || isFolder) void loadInputs(get, files, files.length === 1 ? files[0].path : label);
}

function OpenButtons() {
  const folder = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // webkitdirectory is not in React's typings; set it on the element.
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <>
      <label className="button">Open files…<input type="file" multiple hidden data-testid="file-input" onChange={(e) => openPicked(e, 'selected files', false)} /></label>
      <label className="button">Open folder…<input type="file" multiple hidden ref={folder} data-testid="folder-input" onChange={(e) => openPicked(e, 'selected folder', true)} /></label>
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

/** Closes a volume: its tab, its voxels and its in-memory overrides (saved ones stay in IndexedDB). */
function closeVolume(id: string): void {
  get().removeVolume(id);
  removeVolume(id);
  forgetLoadedVolume(id);
}

/**
 * One tab per loaded volume, in a row that scrolls sideways (never wider than the toolbar) and
 * keeps the active tab in view; × closes a volume.
 */
function VolumeList() {
  const { volumes, active } = useAppStore(useShallow((s) => ({ volumes: s.volumes, active: s.activeVolumeId })));
  const list = useRef<HTMLElement>(null);
  useEffect(() => {
    // The whole tab, its × included, comes into view.
    list.current?.querySelector('[aria-selected="true"]')?.closest('.volume-tab')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [active, volumes.length]);
  if (volumes.length === 0) return null;
  return (
    <nav className="volume-tabs" aria-label="loaded volumes" data-testid="volume-list" ref={list} role="tablist">
      {volumes.map((v) => {
        const label = volumeLabel(v);
        return (
          <span key={v.id} className={v.id === active ? 'volume-tab on' : 'volume-tab'}>
            <button role="tab" aria-selected={v.id === active} title={volumeTitle(v)} onClick={() => get().setActiveVolume(v.id)}>{label}</button>
            <button className="tab-close" aria-label={`close ${label}`} title={`close ${label}`} onClick={() => closeVolume(v.id)}>×</button>
          </span>
        );
      })}
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
  return <span className={`badge backend-${kind}`} data-testid="backend-badge" title={`compute backend (TensorFlow.js): ${backend ?? 'not settled yet'}`}>{backend ?? 'backend…'}</span>;
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
      <ExperimentsButton />
      <BackendBadge />
      <button title="keyboard shortcuts (?)" data-testid="help-button" onClick={() => get().setHelpOpen(true)}>?</button>
    </header>
  );
}
