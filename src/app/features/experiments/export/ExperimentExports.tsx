/** Export buttons for a finished experiment: per arm the encoder (zip, safetensors), manifest, and "use as DeepNet"; the report as JSON and CSV. */
import { useState } from 'react';
import { downloadBlob } from '../../export/download';
import { PYTORCH_MODULE } from '../../../../core/ssl/encoders/types';
import { appStore } from '../../../store';
import { experimentController } from '../services';
import type { ExperimentRecord } from '../types';
import { encoderAsDeepnetModel } from './deepnetModel';
import { encoderZip, manifestJson, reportCsv, reportJson, slug } from './exportFiles';

async function withEncoder(record: ExperimentRecord, armId: string) {
  const encoder = await experimentController().encoder(record.id, armId);
  if (!encoder) throw new Error(`the encoder of ${record.arms.find((a) => a.id === armId)?.label ?? armId} is not stored`);
  return encoder;
}

export function ExperimentExports({ record }: { record: ExperimentRecord }) {
  const [message, setMessage] = useState<string>();
  const act = (f: () => Promise<string | void>) => {
    f().then((m) => setMessage(m || undefined), (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)));
  };
  const base = slug(record.name).slice(0, 40);
  const pytorchNames = PYTORCH_MODULE[record.pretrain.arch];
  const trained = record.arms.filter((a) => record.progress.find((p) => p.armId === a.id && (p.status === 'trained' || p.status === 'evaluated')));
  return (
    <section className="exp-exports" data-testid="experiment-exports">
      <h3>Export</h3>
      <div className="exp-export-row">
        <button data-testid="experiment-export-report" disabled={!record.results} onClick={() => downloadBlob(reportJson(record), `${base}.report.json`, 'application/json')}>Report JSON</button>
        <button data-testid="experiment-export-csv" disabled={!record.results} onClick={() => downloadBlob(reportCsv(record), `${base}.report.csv`, 'text/csv')}>Report CSV</button>
      </div>
      {trained.map((arm, k) => (
        <div key={arm.id} className="exp-export-row">
          <span className="exp-export-arm">{arm.label}</span>
          <button data-testid={k === trained.length - 1 ? 'experiment-export-encoder' : 'experiment-export-encoder-arm'} title="tfjs model (encoder/) + encoder.safetensors, zipped"
            onClick={() => act(async () => downloadBlob(encoderZip(await withEncoder(record, arm.id)), `${slug(arm.label)}.encoder.zip`, 'application/zip'))}>Encoder zip</button>
          <button data-testid="experiment-export-safetensors" disabled={!pytorchNames}
            title={pytorchNames ? `${pytorchNames}, for PyTorch (docs/app.md: loading it)` : `no PyTorch names for the ${record.pretrain.arch} architecture: use resnet18 (short preset) or tiny for safetensors`}
            onClick={() => act(async () => {
              const e = await withEncoder(record, arm.id);
              if (!e.safetensors) return `no safetensors stored with ${arm.label}'s encoder (a tiny experiment stored before tiny had PyTorch names): run it again to get one`;
              downloadBlob(e.safetensors, `${slug(arm.label)}.encoder.safetensors`, 'application/octet-stream');
            })}>safetensors</button>
          <button data-testid="experiment-export-manifest"
            onClick={() => act(async () => downloadBlob(manifestJson(await experimentController().manifest(record.id, arm.id)), `${slug(arm.label)}.manifest.json`, 'application/json'))}>Manifest</button>
          <button data-testid="experiment-use-deepnet" title="use this encoder as the DeepNet embedder in the explorer"
            onClick={() => act(async () => {
              const model = await encoderAsDeepnetModel(await withEncoder(record, arm.id), slug(arm.label), appStore.getState().services.models);
              appStore.getState().setDeepnetModel(model);
              appStore.getState().setMethod('deepnet');
              return `DeepNet now uses ${arm.label}'s encoder: press Compute.`;
            })}>Use as DeepNet</button>
        </div>
      ))}
      {message && <p className="muted" data-testid="experiment-export-message">{message}</p>}
    </section>
  );
}
