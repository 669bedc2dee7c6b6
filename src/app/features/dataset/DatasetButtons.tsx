/** Toolbar entries: open a dataset folder (many volumes, maybe with a merged manifest) or a merged manifest. */
import { useEffect, useRef, type ChangeEvent } from 'react';
import { fromFile } from '../../loading/inputFiles';
import { useDatasetStore } from './datasetStore';
import { openDatasetFolder, openDatasetManifest } from './openDataset';

function pickedFolder(e: ChangeEvent<HTMLInputElement>): void {
  const files = Array.from(e.target.files ?? []);
  e.target.value = '';
  if (!files.length) return;
  const label = files[0].webkitRelativePath.split('/')[0] || 'selected folder';
  void openDatasetFolder(files.map((f) => fromFile(f)), label);
}

function pickedManifest(e: ChangeEvent<HTMLInputElement>): void {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (file) void openDatasetManifest(file);
}

export function DatasetButtons() {
  const folder = useRef<HTMLInputElement>(null);
  const hasRows = useDatasetStore((s) => s.rows.length > 0 && !s.visible);
  const show = useDatasetStore((s) => s.show);
  useEffect(() => {
    folder.current?.setAttribute('webkitdirectory', '');
  }, []);
  return (
    <>
      <label className="button" title="a folder of many volumes (DICOM series, NIfTI, MetaImage, NRRD, PNG slice folders), with or without a merged dataset manifest">
        Open dataset…<input type="file" multiple hidden ref={folder} data-testid="dataset-folder-input" onChange={pickedFolder} />
      </label>
      <label className="button" title="a dataset manifest from `ctsieve dataset merge`">
        Dataset manifest…<input type="file" accept=".json,application/json" hidden data-testid="dataset-manifest-input" onChange={pickedManifest} />
      </label>
      {hasRows && <button data-testid="dataset-show" onClick={() => show(true)}>Dataset</button>}
    </>
  );
}
