/**
 * Setting up an experiment: the arms to compare (the reduction on screen is the default second
 * arm), the preset (tiny / short / custom with its fields), equal steps or equal wall time, the
 * downstream task, and Start.
 */
import { useState } from 'react';
import { BACKEND_REQUESTS, isBackendRequest } from '../../../../core/backend/types';
import { methodOf, SSL_METHODS } from '../../../../core/ssl/methods';
import type { SslMethod } from '../../../../core/ssl';
import { getVolume, volumeMeta } from '../../../volumes/registry';
import { armSliceCount, defaultArmIds, type AvailableArm } from '../arms';
import { buildDraft, type LabelledPick } from '../draft';
import { experimentPreset, EXPERIMENT_PRESETS, type ExperimentPresetName, type ExperimentSettings } from '../presets';
import { experimentController, useExperiments } from '../services';
import { useAvailableArms } from '../useArms';
import { useAppStore } from '../../../store';
import { CustomFields } from './CustomFields';
import { TaskPicker } from './TaskPicker';
import { importSpec, settingsFromSpec, specPreset, toSpec } from '../specIO';
import { downloadBlob } from '../../export/download';
import { ArmConfusabilityControls, ArmRate, useArmConfusability, type ArmConfusabilityState } from './ArmConfusabilityPreview';

function ArmList({ arms, chosen, onToggle, conf }: { arms: AvailableArm[]; chosen: string[]; onToggle: (id: string) => void; conf: ArmConfusabilityState }) {
  if (arms.length === 0) return <p className="muted">Load a volume (and wait for it to be hashed) to see the arms.</p>;
  return (
    <ul className="exp-arms" data-testid="experiment-arms">
      {arms.map((a) => (
        <li key={a.id}>
          <label>
            <input type="checkbox" checked={chosen.includes(a.id)} onChange={() => onToggle(a.id)} data-testid="experiment-arm" data-arm={a.label} />
            {a.label} <span className="muted">· {armSliceCount(a)} slices</span><ArmRate conf={conf} arm={a} />
          </label>
        </li>
      ))}
    </ul>
  );
}

const BUDGETS = [
  { budget: 'epochs', label: 'equal epochs', unit: 'epochs per arm', title: "the paper's: every arm makes the same passes over its own slices, so a reduced arm makes fewer steps" },
  { budget: 'steps', label: 'equal steps', unit: 'steps per arm', title: 'every arm makes the same optimiser steps' },
  { budget: 'seconds', label: 'equal seconds', unit: 'seconds per arm', title: 'every arm trains for the same seconds (pauses excluded)' },
] as const;

function defaultValue(budget: (typeof BUDGETS)[number]['budget'], s: ExperimentSettings): number {
  return budget === 'epochs' ? (s.preset === 'short' ? 50 : 3) : budget === 'steps' ? s.pretrain.steps : 60;
}

function BudgetField({ settings, onChange }: { settings: ExperimentSettings; onChange: (s: ExperimentSettings) => void }) {
  const current = BUDGETS.find((b) => b.budget === (settings.budget === 'time' ? 'seconds' : settings.budget)) ?? BUDGETS[0];
  return (
    <div className="exp-budget" data-testid="experiment-budget-mode" data-budget={current.budget}>
      {BUDGETS.map((b) => (
        <label key={b.budget} title={b.title}>
          <input type="radio" name="exp-budget" checked={current.budget === b.budget} data-testid={`experiment-budget-${b.budget}`}
            onChange={() => onChange({ ...settings, budget: b.budget, budgetValue: defaultValue(b.budget, settings) })} /> {b.label}
        </label>
      ))}
      <label>
        {current.unit}
        <input
          type="number" min={1} value={settings.budgetValue} data-testid="experiment-budget"
          onChange={(e) => onChange({ ...settings, budgetValue: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
        />
      </label>
      <label title="seed s of every arm and of random init start from the same initial weights; intervals and verdicts need 2 or more">
        seeds
        <input
          type="number" min={1} max={20} value={settings.seeds.length} data-testid="experiment-seeds"
          onChange={(e) => onChange({ ...settings, seeds: Array.from({ length: Math.min(20, Math.max(1, Math.round(Number(e.target.value) || 1))) }, (_, i) => i) })}
        />
      </label>
    </div>
  );
}

/** Export the setup as the SPEC JSON (what `ctsieve experiment` runs), or import one into the setup. */
function SpecButtons({ onExport, onImport }: { onExport?: () => void; onImport: (file: File) => void }) {
  return (
    <div className="exp-export-row" data-testid="experiment-spec">
      <button data-testid="experiment-spec-export" disabled={!onExport} title="the SPEC JSON: ctsieve experiment SPEC.json --out-dir DIR runs the same experiment (volume paths to fill in)" onClick={onExport}>Export SPEC</button>
      <label className="button" title="a SPEC JSON from the CLI or an earlier export: its budget, seeds, evaluation and arms (matched to the arms on offer)">
        Import SPEC
        <input type="file" accept=".json,application/json" data-testid="experiment-spec-import" hidden onChange={(e) => { const f = e.target.files?.[0]; if (f) onImport(f); e.target.value = ''; }} />
      </label>
    </div>
  );
}

function presetSettings(name: ExperimentPresetName, current: ExperimentSettings): ExperimentSettings {
  return name === 'custom' ? { ...current, preset: 'custom' } : { ...experimentPreset(name, methodOf(current.pretrain)), backend: current.backend };
}

/** A method change restarts from the chosen preset (custom: from tiny) with that method's settings. */
function methodSettings(method: SslMethod, current: ExperimentSettings): ExperimentSettings {
  return { ...experimentPreset(current.preset === 'custom' ? 'tiny' : current.preset, method), backend: current.backend };
}

const METHOD_LABELS: Record<SslMethod, string> = { swav: 'SwAV', moco: 'MoCo v2', mim: 'masked-image modelling (dense, control)' };

/** What the preset note says about the method's own settings. */
function methodNote(p: ExperimentSettings['pretrain']): string {
  if (p.method === 'moco' && p.moco) return `2 views, queue ${p.moco.queueLength}, τ ${p.moco.temperature}, m ${p.moco.keyMomentum}`;
  if (p.method === 'mim' && p.mim) return `${p.mim.patchSize}-px patches, ${Math.round(p.mim.maskRatio * 100)}% masked`;
  return `crops ${p.nmbCrops.join('+')}, K ${p.prototypes}`;
}

export function ExperimentSetup() {
  const arms = useAvailableArms();
  const method = useAppStore((s) => s.method);
  const running = useExperiments((s) => s.running !== null);
  const [settings, setSettings] = useState<ExperimentSettings>(() => experimentPreset('tiny'));
  const [picked, setPicked] = useState<string[] | null>(null);
  const [labelled, setLabelled] = useState<LabelledPick | null>(null);
  const [useLabelled, setUseLabelled] = useState(false);
  const conf = useArmConfusability(arms, { preset: specPreset(settings.preset), backend: settings.backend });
  const chosen = (picked ?? defaultArmIds(arms, { method })).filter((id) => arms.some((a) => a.id === id));
  const toggle = (id: string) => setPicked(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const task = useLabelled ? labelled : null;
  const blocked = running ? 'an experiment is running' : chosen.length === 0 ? 'choose at least one arm' : useLabelled && !labelled ? 'pick the labelled data or use the proxy task' : undefined;
  const [specMessage, setSpecMessage] = useState<string>();
  const start = () => {
    const draft = buildDraft(settings, arms.filter((a) => chosen.includes(a.id)), task, (id) => volumeMeta(getVolume(id)));
    void experimentController().start(draft);
  };
  const chosenArms = arms.filter((a) => chosen.includes(a.id));
  const exportSpec = () => {
    try {
      const spec = toSpec({ arms: chosenArms, preset: settings.preset, arch: settings.pretrain.arch, budget: settings.budget, budgetValue: settings.budgetValue, seeds: settings.seeds, task: task ? { kind: 'labelled', name: task.name, files: task.files.length, classes: task.classes } : { kind: 'proxy' }, protocol: settings.evalProtocol, runs: settings.evalRuns, evalEpochs: settings.evalEpochs, ssl: methodOf(settings.pretrain) });
      downloadBlob(`${JSON.stringify(spec, null, 2)}\n`, 'experiment.spec.json', 'application/json');
      setSpecMessage(undefined);
    } catch (e) {
      setSpecMessage((e as Error).message);
    }
  };
  const importSpecFile = (file: File) => {
    void file.text().then((text) => {
      try {
        const imported = importSpec(text, file.name, arms);
        setSettings(settingsFromSpec(imported.spec, imported.spec.preset === 'tiny' || imported.spec.preset === 'short' ? { ...experimentPreset(imported.spec.preset, imported.spec.ssl ?? 'swav'), backend: settings.backend } : settings));
        setPicked(imported.armIds);
        setUseLabelled(imported.spec.task !== 'proxy');
        setSpecMessage(`${file.name}: ${imported.armIds.length} arm(s) chosen${imported.missing.length ? `; not on offer here: ${imported.missing.join(', ')} (compute that method for the loaded volumes first)` : ''}${imported.spec.task !== 'proxy' ? `; pick the labelled data (${imported.spec.task})` : ''}`);
      } catch (e) {
        setSpecMessage((e as Error).message);
      }
    });
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
          Method
          <select data-testid="experiment-ssl" value={methodOf(settings.pretrain)} onChange={(e) => setSettings(methodSettings(e.target.value as SslMethod, settings))}>
            {SSL_METHODS.map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}
          </select>
        </label>
        <label>
          Backend
          <select data-testid="experiment-backend" value={settings.backend} onChange={(e) => isBackendRequest(e.target.value) && setSettings({ ...settings, backend: e.target.value })}>
            {BACKEND_REQUESTS.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <span className="muted exp-preset-note">
          {settings.pretrain.arch} {settings.pretrain.inputSize}², batch {settings.pretrain.batch}, {methodNote(settings.pretrain)}
        </span>
      </div>
      {settings.preset === 'custom' && <CustomFields settings={settings} onChange={setSettings} />}
      <BudgetField settings={settings} onChange={setSettings} />
      <SpecButtons onExport={chosenArms.length ? exportSpec : undefined} onImport={importSpecFile} />
      {specMessage && <p className="muted" data-testid="experiment-spec-message">{specMessage}</p>}
      <h3>Downstream task</h3>
      <TaskPicker useLabelled={useLabelled} onUseLabelled={setUseLabelled} labelled={labelled} onLabelled={setLabelled} />
      <p className="muted">
        Evaluation: {settings.evalProtocol} protocol, {settings.evalRuns} runs per seed, up to {settings.evalEpochs} epochs; random init of each seed (the arms' shared starting weights) is evaluated beside every arm.
      </p>
      <button className="primary" data-testid="experiment-start" disabled={blocked !== undefined} title={blocked} onClick={start}>
        Start experiment
      </button>
      {blocked && chosen.length === 0 && <span className="muted"> {blocked}</span>}
    </section>
  );
}
