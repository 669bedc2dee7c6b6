/**
 * Settings of a user model: embedding layer (a list for layers models, else free text), input
 * size, normalisation (channels, mean, std on the [0, 1] scale) and pooling. Blank fields mean
 * "the model's own" (core's defaults). Text fields apply on blur/Enter; a bad value shows why.
 */
import { useState } from 'react';
import type { UserModelOptions } from '../../../workers/similarityJob';
import { parseNumberList, type DeepnetModelSummary } from './modelFiles';

interface Props {
  model: DeepnetModelSummary;
  disabled: boolean;
  onChange: (options: UserModelOptions) => void;
}

function LayerField({ model, disabled, onChange }: Props) {
  const { options, layerNames } = model;
  const set = (layer: string) => onChange({ ...options, layer: layer || undefined });
  if (layerNames) {
    return (
      <label>
        Layer
        <select data-testid="deepnet-layer" disabled={disabled} value={options.layer ?? ''} onChange={(e) => set(e.target.value)}>
          <option value="">(model output)</option>
          {layerNames.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
    );
  }
  return (
    <label>
      {model.kind === 'onnx' ? 'Output' : 'Output node'}
      <input data-testid="deepnet-layer" disabled={disabled} defaultValue={options.layer ?? ''} placeholder="model output"
        onBlur={(e) => e.target.value !== (options.layer ?? '') && set(e.target.value.trim())} />
    </label>
  );
}

function sizeOf(h: string, w: string): [number, number] | undefined {
  if (h.trim() === '' && w.trim() === '') return undefined;
  const size = [Number(h), Number(w)];
  if (!size.every((v) => Number.isInteger(v) && v > 0)) throw new Error(`input size: expected two positive integers, got '${h}', '${w}'`);
  return [size[0], size[1]];
}

export function ModelOptionsForm(props: Props) {
  const { model, disabled, onChange } = props;
  const { options } = model;
  const [draft, setDraft] = useState({
    h: options.inputSize?.[0]?.toString() ?? '', w: options.inputSize?.[1]?.toString() ?? '',
    mean: options.mean?.join(', ') ?? '', std: options.std?.join(', ') ?? '',
  });
  const [error, setError] = useState<string>();
  const apply = (next: typeof draft) => {
    try {
      const update = { ...options, inputSize: sizeOf(next.h, next.w), mean: parseNumberList(next.mean, 'mean'), std: parseNumberList(next.std, 'std') };
      setError(undefined);
      if (JSON.stringify(update) !== JSON.stringify(options)) onChange(update);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const text = (field: keyof typeof draft, label: string, placeholder: string) => (
    <label>
      {label}
      <input data-testid={`deepnet-${field}`} disabled={disabled} value={draft[field]} placeholder={placeholder} size={8}
        onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
        onBlur={() => apply(draft)} onKeyDown={(e) => e.key === 'Enter' && apply(draft)} />
    </label>
  );
  return (
    <div className="deepnet-options">
      <LayerField {...props} />
      <div className="field-row">{text('h', 'H', 'model')}{text('w', 'W', 'model')}</div>
      <div className="field-row">{text('mean', 'mean', '0')}{text('std', 'std', '1')}</div>
      <div className="field-row">
        <label>
          Channels
          <select data-testid="deepnet-channels" disabled={disabled} value={options.channels ?? ''}
            onChange={(e) => onChange({ ...options, channels: e.target.value === '' ? undefined : (Number(e.target.value) as 1 | 3) })}>
            <option value="">model</option><option value="1">1</option><option value="3">3</option>
          </select>
        </label>
        <label>
          Pooling
          <select data-testid="deepnet-pooling" disabled={disabled} value={options.pooling ?? 'avg'}
            onChange={(e) => onChange({ ...options, pooling: e.target.value as UserModelOptions['pooling'] })}>
            <option value="avg">avg</option><option value="max">max</option><option value="flatten">flatten</option>
          </select>
        </label>
      </div>
      {error && <p className="error-text" data-testid="deepnet-options-error">{error}</p>}
    </div>
  );
}
