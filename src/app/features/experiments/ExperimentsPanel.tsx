/**
 * The Experiments panel: a drawer over the right-hand column (the viewer, strip and slider stay
 * usable while training runs in its worker). Setup, then the open experiment (live view, results,
 * exports), then the stored experiments.
 */
import { useEffect, useState } from 'react';
import { experimentController, experimentsStore, useExperiments } from './services';
import { ExperimentSetup } from './setup/ExperimentSetup';
import { LiveView } from './live/LiveView';
import { ResultsView } from './results/ResultsView';
import { ReportView } from './results/ReportView';
import { AnalysisSection } from '../analysis/AnalysisSection';
import { ExperimentExports } from './export/ExperimentExports';
import { HistoryList } from './history/HistoryList';
import './experiments.css';

export function ExperimentsButton() {
  const open = useExperiments((s) => s.panelOpen);
  const running = useExperiments((s) => s.running !== null);
  return (
    <button data-testid="experiment-open" className={open ? 'on' : ''} title="pre-train ALL vs reduced slices and compare (SwAV, in a worker)"
      onClick={() => experimentsStore.getState().setPanelOpen(!open)}>
      Experiments{running ? ' ●' : ''}
    </button>
  );
}

function OpenExperiment() {
  const record = useExperiments((s) => s.list.find((r) => r.id === s.openId));
  if (!record) return null;
  return (
    <div className="exp-open" data-testid="experiment-open-record" data-status={record.status}>
      <h3 className="exp-name">{record.name}</h3>
      {record.error && <p className="error-text">{record.error}</p>}
      <LiveView record={record} />
      {record.results?.report ? <ReportView report={record.results.report} /> : record.results && <ResultsView results={record.results} />}
      {record.results && <AnalysisSection />}
      <ExperimentExports record={record} />
    </div>
  );
}

export function ExperimentsPanel() {
  const open = useExperiments((s) => s.panelOpen);
  const error = useExperiments((s) => s.error);
  const openId = useExperiments((s) => s.openId);
  // With an experiment open the setup is folded away unless unfolded while that one is open.
  const [setupShownFor, setSetupShownFor] = useState<string | null>(null);
  const showSetup = openId === null || setupShownFor === openId;
  useEffect(() => {
    if (open) void experimentController().load();
  }, [open]);
  if (!open) return null;
  return (
    <aside className="exp-drawer" data-testid="experiment-panel" aria-label="Experiments">
      <header className="exp-header">
        <h2>Experiments</h2>
        <span className="muted">self-supervised pre-training (SwAV, MoCo v2, masked-image modelling) on this machine; nothing leaves the page</span>
        <span className="spacer" />
        <button title="close" onClick={() => experimentsStore.getState().setPanelOpen(false)}>×</button>
      </header>
      {error && <p className="error-text exp-error" data-testid="experiment-error">{error}</p>}
      <details open={showSetup} onToggle={(e) => setSetupShownFor((e.target as HTMLDetailsElement).open ? openId : null)} data-testid="experiment-new">
        <summary>New experiment</summary>
        <ExperimentSetup />
      </details>
      <OpenExperiment />
      <HistoryList />
    </aside>
  );
}
