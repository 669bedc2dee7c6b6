/** Downloads the current manifest as JSON (no patient fields). */
import { useState } from 'react';
import { serializeManifest } from '../../core/manifest';
import { appStore } from '../store';
import { currentManifest } from '../analysis/currentManifest';

export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportManifestButton() {
  const [problem, setProblem] = useState<string | null>(null);
  const exportNow = () => {
    const manifest = currentManifest(appStore.getState());
    if (typeof manifest === 'string') return setProblem(manifest);
    setProblem(null);
    const volume = manifest.volumes[0];
    downloadText(serializeManifest(manifest), `${(volume?.id ?? 'volume').replace(/[^\w.-]+/g, '_')}.${manifest.method}.manifest.json`);
  };
  return (
    <div>
      <button data-testid="export-manifest" onClick={exportNow}>Export manifest (JSON)</button>
      {problem && <p className="muted" data-testid="export-problem">{problem}</p>}
    </div>
  );
}
