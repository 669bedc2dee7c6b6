/**
 * Setting up an experiment: the arms to compare (the reduction on screen is the default second
 * arm), the preset (tiny / short / custom with its fields), equal steps or equal wall time, the
 * downstream task, and Start.
 */
import { useState } from 'react';
import { BACKEND_REQUESTS, isBackendRequest } from '../../../../core/backend/types';
import { getVolume, volumeMeta } from '../../../volumes/registry';
import { armSliceCount, defaultArmIds, type AvailableArm } from '../arms';
import { buildDraft, type LabelledPick } from '../draft';
import { experimentPreset, EXPERIMENT_PRESETS, type ExperimentPresetName, type ExperimentSettings } from '../presets';
import { experimentController, useExperiments } from '../services';
import { useAvailableArms } from '../useArms';
import { useAppStore } from '../../../store';
import { CustomFields } from './CustomFields';
import { TaskPicker } from './TaskPicker';
import { ArmConfusabilityControls, ArmRate, useArmConfusability, type ArmConfusabilityState } from '../../confusability/ArmConfusability';

function ArmList({ arms, chosen, onToggle, conf }: { arms: AvailableArm[]; chosen: string[]; onToggle: (id: string) => void; conf: ArmConfusabilityState }) {
  if (arms.length === 0) return <p className="muted">Load a volume (and wait for it to be hashed) to see the arms.</p>;
  return (
    <ul className="exp-arms" data-testid="experiment-arms">
      {arms.map((a) => (
        <li key={a.id}>
          <label>
            <input type="checkbox" checked={chosen.includes(a.id)} onChange={() => onToggle(a.id)} data-testid="experiment-arm" data-arm={a.label} />
            {a.label} <span className="muted">· {armSliceCount(a)} slices</span><ArmRate conf={conf} armId={a.id} />
          </label>
        </li>
      ))}
    </ul>
  );
}

function BudgetField({ settings, onChange }: { settings: ExperimentSettings; onChange: (s: ExperimentSettings) => void }) {
  return (
    <div className="exp-budget">
      <label><input type="radio" name="exp-budget" checked={settings.budget === 'steps'} onChange={() => onChange({ ...settings, budget: 'steps', budgetValue: settings.pretrain.steps })} /> equal steps</label>
      <label><input type="radio" name="exp-budget" checked={settings.budget === 'time'} onChange={() => onChange({ ...settings, budget: 'time', budgetValue: 60 })} /> equal wall time</label>
      <label>
        {settings.budget === 'steps' ? 'steps per arm' : 'seconds per arm'}
        <input
          type="number" min={1} value={settings.budgetValue} data-testid="experiment-budget"
          onChange={(e) => onChange({ ...settings, budgetValue: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
        />
      </label>
    </div>
  );
}

function presetSettings(name: ExperimentPresetName, current: ExperimentSettings): ExperimentSettings {
  return name === 'custom' ? { ...current, preset: 'custom' } : { ...experimentPreset(name), backend: current.backend };
}

export function ExperimentSetup() {
  const arms = useAvailableArms();
  const method = useAppStore((s) => s.method);
  const running = useExperiments((s) => s.running !== null);
  const [settings, setSettings] = useState<ExperimentSettings>(() => experimentPreset('tiny'));
  const [picked, setPicked] = useState<string[] | null>(null);
  const [labelled, setLabelled] = useState<LabelledPick | null>(null);
  const [useLabelled, setUseLabelled] = useState(false);
  const conf = useArmConfusability(arms);
  const chosen = (picked ?? defaultArmIds(arms, { method })).filter((id) => arms.some((a) => a.id === id));
  const toggle = (id: string) => setPicked(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const task = useLabelled ? labelled : null;
  const blocked = running ? 'an experiment is running' : chosen.length === 0 ? 'choose at least one arm' : useLabelled && !labelled ? 'pick the labelled data or use the proxy task' : undefined;
  const start = () => {
    const draft = buildDraft(settings, arms.filter((a) => chosen.includes(a.id)), task, (id) => volumeMeta(getVolume(id)));
    void experimentController().start(draft);
  };
  return (
    <section className="exp-setup" data-testid="experiment-setup">
      <h3>Arms</h3>
      <ArmList arms={arms} chosen={chosen} onToggle={toggle} conf={conf} />
      {arms.length > 0 && <ArmConfusabilityControls conf={conf} disabled={running} />}
      <h3>Pre-training</h3>
      <div className="field-row">
        <label>
          Preset
          <select data-testid="experiment-preset" value={settings.preset} onChange={(e) => setSettings(presetSettings(e.target.value as ExperimentPresetName, settings))}>
            {EXPERIMENT_PRESETS.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <label>
          Backend
          <select data-testid="experiment-backend" value={settings.backend} onChange={(e) => isBackendRequest(e.target.value) && setSettings({ ...settings, backend: e.target.value })}>
            {BACKEND_REQUESTS.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <span className="muted exp-preset-note">
          {settings.pretrain.arch} {settings.pretrain.inputSize}², batch {settings.pretrain.batch}, crops {settings.pretrain.nmbCrops.join('+')}, K {settings.pretrain.prototypes}
        </span>
      </div>
      {settings.preset === 'custom' && <CustomFields settings={settings} onChange={setSettings} />}
      <BudgetField settings={settings} onChange={setSettings} />
      <h3>Downstream task</h3>
      <TaskPicker useLabelled={useLabelled} onUseLabelled={setUseLabelled} labelled={labelled} onLabelled={setLabelled} />
      <p className="muted">
        Evaluation: {settings.evalProtocol} protocol, {settings.evalRuns} runs, up to {settings.evalEpochs} epochs; the from-scratch baseline is evaluated beside every arm.
      </p>
      <button className="primary" data-testid="experiment-start" disabled={blocked !== undefined} title={blocked} onClick={start}>
        Start experiment
      </button>
      {blocked && chosen.length === 0 && <span className="muted"> {blocked}</span>}
    </section>
  );
}
