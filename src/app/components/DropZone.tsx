/** Drag and drop files or folders anywhere on the page; folders are walked recursively. */
import { useEffect, useState } from 'react';
import { appStore } from '../store';
import { filesFromDataTransfer } from '../loading/inputFiles';
import { loadInputs } from '../loading/loadInputs';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

export function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!e.dataTransfer || !hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const data = e.dataTransfer;
      // The dropped items' own names (a folder's name too), read now: the DataTransfer empties after this event.
      const names = Array.from(data.files).map((f) => f.name);
      const dropped = names.length === 0 ? 'dropped files' : names.length <= 3 ? names.join(', ') : `${names[0]} and ${names.length - 1} more`;
      void filesFromDataTransfer(data)
        .then((files) => loadInputs(appStore.getState, files, files.length === 1 ? files[0].path : dropped))
        .catch((err: unknown) => appStore.getState().reportErrors([{ file: 'dropped items', message: err instanceof Error ? err.message : String(err) }]));
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return over ? <div className="drop-overlay" data-testid="drop-overlay">Drop DICOM folders, NIfTI files or PNG slices</div> : null;
}
