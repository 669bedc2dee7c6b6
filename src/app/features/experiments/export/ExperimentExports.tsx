/** Export buttons for a finished experiment: per arm the encoder (zip, safetensors), manifest, and "use as DeepNet"; the report as JSON and CSV. */
import { useState } from 'react';
import { downloadBlob } from '../../export/download';
import { PYTORCH_MODULE } from '../../../../core/ssl/encoders/types';
import { appStore } from '../../../store';
import { experimentController } from '../services';
import type { ExperimentRecord } from '../types';
import { encoderAsDeepnetModel } from './deepnetModel';
import { encoderZip, manifestJson, reportCsv, reportFigure, reportJson, slug, specJson } from './exportFiles';
import { trainingUnits, type TrainingUnit } from '../units';

async function withEncoder(record: ExperimentRecord, unit: TrainingUnit) {
  const encoder = await experimentController().encoder(record.id, unit.key);
  if (!encoder) throw new Error(`the encoder of ${unit.label} is not stored`);
  return encoder;
}

export function ExperimentExports({ record }: { record: ExperimentRecord }) {
  const [message, setMessage] = useState<string>();
  const act = (f: () => Promise<string | void>) => {
    f().then((m) => setMessage(m || undefined), (e: unknown) => setMessage(e instanceof Error ? e.message : String(e)));
  };
  const base = slug(record.name).slice(0, 40);
  const pytorchNames = PYTORCH_MODULE[record.pretrain.arch];
  const trained = trainingUnits(record).filter((u) => record.progress.find((p) => p.armId === u.key && (p.status === 'trained' || p.status === 'evaluated')));
  const figure = reportFigure(record);
  return (
    <section className="exp-exports" data-testid="experiment-exports">
      <h3>Export</h3>
      <div className="exp-export-row">
        <button data-testid="experiment-export-report" disabled={!record.results} onClick={() => downloadBlob(reportJson(record), `${base}.report.json`, 'application/json')}>Report JSON</button>
        <button data-testid="experiment-export-csv" disabled={!record.results} onClick={() => downloadBlob(reportCsv(record), `${base}.report.csv`, 'text/csv')}>Report CSV</button>
        {figure && <button data-testid="experiment-export-figure" onClick={() => downloadBlob(figure, `${base}.figure.svg`, 'image/svg+xml')}>Figure SVG</button>}
        <button data-testid="experiment-export-spec" title="the SPEC JSON: `ctsieve experiment SPEC.json --out-dir DIR` runs the same experiment (volume paths to fill in)"
          onClick={() => act(async () => downloadBlob(specJson(record), `${base}.spec.json`, 'application/json'))}>SPEC JSON</button>
      </div>
      {trained.map((unit, k) => (
        <div key={unit.key} className="exp-export-row">
          <span className="exp-export-arm">{unit.label}</span>
          <button data-testid={k === trained.length - 1 ? 'experiment-export-encoder' : 'experiment-export-encoder-arm'} title="tfjs model (encoder/) + encoder.safetensors, zipped"
            onClick={() => act(async () => downloadBlob(encoderZip(await withEncoder(record, unit)), `${slug(unit.label)}.encoder.zip`, 'application/zip'))}>Encoder zip</button>
          <button data-testid="experiment-export-safetensors" disabled={!pytorchNames}
            title={pytorchNames ? `${pytorchNames}, for PyTorch (docs/app.md: loading it)` : `no PyTorch names for the ${record.pretrain.arch} architecture: use resnet18 (short preset) or tiny for safetensors`}
            onClick={() => act(async () => {
              const e = await withEncoder(record, unit);
              if (!e.safetensors) return `no safetensors stored with ${unit.label}'s encoder (a tiny experiment stored before tiny had PyTorch names): run it again to get one`;
              downloadBlob(e.safetensors, `${slug(unit.label)}.encoder.safetensors`, 'application/octet-stream');
            })}>safetensors</button>
          <button data-testid="experiment-export-manifest"
            onClick={() => act(async () => downloadBlob(manifestJson(await experimentController().manifest(record.id, unit.arm.id)), `${slug(unit.label)}.manifest.json`, 'application/json'))}>Manifest</button>
          <button data-testid="experiment-use-deepnet" title="use this encoder as the DeepNet embedder in the explorer"
            onClick={() => act(async () => {
              const model = await encoderAsDeepnetModel(await withEncoder(record, unit), slug(unit.label), appStore.getState().services.models);
              appStore.getState().setDeepnetModel(model);
              appStore.getState().setMethod('deepnet');
              return `DeepNet now uses ${unit.label}'s encoder: press Compute.`;
            })}>Use as DeepNet</button>
        </div>
      ))}
      {message && <p className="muted" data-testid="experiment-export-message">{message}</p>}
    </section>
  );
}
