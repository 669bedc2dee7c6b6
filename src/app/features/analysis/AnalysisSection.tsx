/**
 * The Analysis view of a finished experiment (docs/analysis.md): CKA of ALL against each arm per
 * block, a t-SNE scatter per arm coloured by class, and a Grad-CAM gallery over test images with one
 * map over its slice in a Cornerstone viewer. Computed on demand in a worker (progress, cancel).
 */
import { useMemo, useState } from 'react';
import { ckaSvg, tsneSvg } from '../../../core/analysis';
import type { AnalysisJobResult } from '../../../workers/analysis/analysisJob';
import { useExperiments } from '../experiments/services';
import type { ExperimentRecord } from '../experiments/types';
import { CamImage } from './CamImage';
import { CamViewer } from './CamViewer';
import { useAnalysis, type AnalysisState } from './useAnalysis';
import './analysis.css';

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function Progress({ state, cancel }: { state: Extract<AnalysisState, { status: 'running' }>; cancel(): void }) {
  return (
    <div className="an-progress" data-testid="analysis-progress">
      <progress max={state.total} value={state.done} /> {state.phase} {state.done}/{state.total}
      <button type="button" onClick={cancel} data-testid="analysis-cancel">Cancel</button>
    </div>
  );
}

function Gallery({ result }: { result: AnalysisJobResult }) {
  const items = result.analysis.gradcam ?? [];
  const [picked, setPicked] = useState(0);
  const images = useMemo(() => new Map(result.images.map((i) => [i.sample, i])), [result]);
  const encoders = [...new Set(items.map((g) => g.encoder))];
  const chosen = items[picked];
  const chosenImage = chosen ? images.get(chosen.sample) : undefined;
  return (
    <div className="an-gallery-wrap">
      <div className="an-gallery" data-testid="analysis-gradcam">
        {encoders.map((enc) => (
          <div key={enc} className="an-gallery-row">
            <h5>{enc}</h5>
            {items.map((g, k) => ({ g, k })).filter(({ g }) => g.encoder === enc).map(({ g, k }) => {
              const image = images.get(g.sample);
              return image ? <CamImage key={k} item={g} image={image} selected={k === picked} onPick={() => setPicked(k)} /> : null;
            })}
          </div>
        ))}
      </div>
      {chosen && chosenImage?.volumeId !== undefined && chosenImage.slice !== undefined && <CamViewer item={chosen} volumeId={chosenImage.volumeId} slice={chosenImage.slice} />}
    </div>
  );
}

function Results({ result }: { result: AnalysisJobResult }) {
  const a = result.analysis;
  const pairs = a.ckaPairs ?? [a.cka];
  return (
    <div data-testid="analysis-results">
      <p className="muted">{a.images.count} {a.images.part === 'test' ? 'test' : ''} images{a.images.sampled ? ' (a seeded sample)' : ''} · classes {a.classes.join(', ')} · {result.backend}</p>
      <h4>CKA per block</h4>
      <div className="an-figs" data-testid="analysis-cka">
        {pairs.map((c) => <img key={`${c.a}|${c.b}`} src={svgUrl(ckaSvg(c))} alt={`CKA ${c.a} vs ${c.b}`} />)}
      </div>
      {a.tsne && (
        <>
          <h4>t-SNE of the features, by class</h4>
          <div className="an-figs" data-testid="analysis-tsne"><img src={svgUrl(tsneSvg(a.tsne, a.classes))} alt="t-SNE per arm" /></div>
        </>
      )}
      <h4>Grad-CAM (true class; a linear probe on each arm&apos;s features)</h4>
      <Gallery result={result} />
      {a.notes.length > 0 && <details><summary>analysis notes</summary><ul>{a.notes.map((n) => <li key={n}>{n}</li>)}</ul></details>}
    </div>
  );
}

export function AnalysisSection() {
  const record = useExperiments((s) => s.list.find((r) => r.id === s.openId));
  if (!record || record.status !== 'done') return null;
  return <AnalysisBody key={record.id} record={record} />;
}

function AnalysisBody({ record }: { record: ExperimentRecord }) {
  const { state, run, cancel } = useAnalysis(record);
  return (
    <section className="an-section" data-testid="analysis-section">
      <h3>Analysis</h3>
      <p className="muted">CKA of ALL against each arm per block, t-SNE of each arm&apos;s features, Grad-CAM over test images (docs/analysis.md). Runs in a worker.</p>
      {state.status !== 'running' && (
        <button type="button" onClick={run} data-testid="analysis-run">{state.status === 'done' ? 'Run again' : 'Run analysis'}</button>
      )}
      {state.status === 'running' && <Progress state={state} cancel={cancel} />}
      {state.status === 'failed' && <p className="error-text" data-testid="analysis-error">{state.error}</p>}
      {state.status === 'cancelled' && <p className="muted" data-testid="analysis-cancelled">Cancelled.</p>}
      {state.status === 'done' && <Results result={state.result} />}
    </section>
  );
}
