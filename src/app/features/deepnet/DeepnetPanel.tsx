/**
 * DeepNet's embedder, shown where the method is chosen: the bundled default with its provenance,
 * or the user's own model (TensorFlow.js model.json + shards, or one .onnx file) with the settings
 * that say how slices enter it. The model is loaded in the compute worker; here it is only checked
 * (files, model.json) and hashed.
 */
import { useState } from 'react';
import { DEFAULT_EMBEDDER_DESCRIPTION } from '../../../core/similarity/embedding/defaultEmbedderInfo';
import { appStore, useAppStore } from '../../store';
import type { UserModelOptions } from '../../../workers/similarityJob';
import { describeModelFiles, userEmbedderId, type DeepnetModelSummary } from './modelFiles';
import { ModelOptionsForm } from './ModelOptionsForm';

const get = appStore.getState;

function DefaultProvenance() {
  return (
    <div className="deepnet-provenance" data-testid="deepnet-provenance">
      <p>
        Embedder: <strong>MobileNetV2</strong> up to block_10_project_BN (96-d), from nsfwjs 4.4.0 (MIT).
        ImageNet weights, inferred from the layers nsfwjs kept frozen.
      </p>
      <details>
        <summary>details</summary>
        <p className="muted">{DEFAULT_EMBEDDER_DESCRIPTION}</p>
      </details>
    </div>
  );
}

async function pickModel(list: FileList | null, setError: (m: string | undefined) => void): Promise<void> {
  if (!list || list.length === 0) return;
  try {
    const files = await Promise.all(Array.from(list, async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
    const model = await describeModelFiles(files);
    get().services.models.set(model.sha256, files);
    get().setDeepnetModel(model);
    setError(undefined);
  } catch (e) {
    setError(e instanceof Error ? e.message : String(e));
  }
}

function UserModel({ model, disabled }: { model: DeepnetModelSummary; disabled: boolean }) {
  return (
    <div className="deepnet-user-model" data-testid="deepnet-user-model">
      <p>
        Embedder: <strong data-testid="deepnet-model-name">{userEmbedderId(model)}</strong>
        <br /><small className="muted">{model.kind === 'onnx' ? 'ONNX' : 'TensorFlow.js'}: {model.files.join(', ')}</small>
      </p>
      <ModelOptionsForm key={model.sha256} model={model} disabled={disabled} onChange={(o: UserModelOptions) => get().setDeepnetOptions(o)} />
      <button data-testid="deepnet-use-default" disabled={disabled} onClick={() => { get().services.models.clear(); get().setDeepnetModel(null); }}>
        Use default model
      </button>
    </div>
  );
}

/** The DeepNet embedder controls; renders nothing for other methods. */
export function DeepnetPanel() {
  const method = useAppStore((s) => s.method);
  const model = useAppStore((s) => s.deepnetModel);
  const running = useAppStore((s) => s.compute.status === 'running');
  const [error, setError] = useState<string>();
  if (method !== 'deepnet') return null;
  return (
    <div className="deepnet-panel" data-testid="deepnet-panel">
      {model ? <UserModel model={model} disabled={running} /> : <DefaultProvenance />}
      <label className="deepnet-model-picker" title="a TensorFlow.js model (model.json + its .bin weight files) or one .onnx file">
        Model…{' '}
        <input
          type="file" multiple accept=".json,.bin,.onnx" data-testid="deepnet-model-input" disabled={running}
          onChange={(e) => { void pickModel(e.target.files, setError); e.target.value = ''; }}
        />
      </label>
      {error && <p className="error-text" data-testid="deepnet-model-error">{error}</p>}
    </div>
  );
}
