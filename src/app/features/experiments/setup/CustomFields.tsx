/** The custom preset's fields: architecture, input size, crops, batch, seed and the evaluation. */
import type { PretrainConfig } from '../../../../core/ssl';
import type { ExperimentSettings } from '../presets';

interface Props {
  settings: ExperimentSettings;
  onChange: (s: ExperimentSettings) => void;
}

function NumberField({ label, value, min = 1, onChange }: { label: string; value: number; min?: number; onChange: (v: number) => void }) {
  return (
    <label>
      {label}
      <input type="number" min={min} value={value} onChange={(e) => { const v = Math.round(Number(e.target.value)); if (Number.isFinite(v) && v >= min) onChange(v); }} />
    </label>
  );
}

export function CustomFields({ settings, onChange }: Props) {
  const p = settings.pretrain;
  const setP = (patch: Partial<PretrainConfig>) => onChange({ ...settings, pretrain: { ...p, ...patch, preset: 'custom' } });
  return (
    <div className="exp-custom" data-testid="experiment-custom">
      <label>
        Architecture
        <select value={p.arch} onChange={(e) => setP({ arch: e.target.value as PretrainConfig['arch'], width: e.target.value === 'resnet18' ? (p.width ?? 16) : undefined })}>
          <option value="tiny">tiny</option>
          <option value="resnet18">resnet18</option>
        </select>
      </label>
      {p.arch === 'resnet18' && <NumberField label="width" value={p.width ?? 64} onChange={(width) => setP({ width })} />}
      <NumberField label="input size" value={p.inputSize} onChange={(v) => setP({ inputSize: v, cropSizes: [v, p.cropSizes[1]] })} />
      <NumberField label="local crop size" value={p.cropSizes[1]} onChange={(v) => setP({ cropSizes: [p.cropSizes[0], v] })} />
      <NumberField label="global crops" value={p.nmbCrops[0]} min={2} onChange={(v) => setP({ nmbCrops: [v, p.nmbCrops[1]] })} />
      <NumberField label="local crops" value={p.nmbCrops[1]} min={0} onChange={(v) => setP({ nmbCrops: [p.nmbCrops[0], v] })} />
      <NumberField label="batch" value={p.batch} onChange={(batch) => setP({ batch })} />
      <NumberField label="prototypes K" value={p.prototypes} onChange={(prototypes) => setP({ prototypes })} />
      <NumberField label="seed" value={p.seed} min={0} onChange={(seed) => setP({ seed })} />
      <label>
        Protocol
        <select value={settings.evalProtocol} onChange={(e) => onChange({ ...settings, evalProtocol: e.target.value as ExperimentSettings['evalProtocol'] })}>
          <option value="linear">linear probe</option>
          <option value="finetune">fine-tune</option>
        </select>
      </label>
      <NumberField label="evaluation runs" value={settings.evalRuns} min={2} onChange={(evalRuns) => onChange({ ...settings, evalRuns })} />
      <NumberField label="evaluation epochs" value={settings.evalEpochs} onChange={(evalEpochs) => onChange({ ...settings, evalEpochs })} />
    </div>
  );
}
