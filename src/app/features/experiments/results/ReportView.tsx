/**
 * The paired-seed report (core/experiment's, the CLI's report.json): the warning when no arm beats
 * random init first; per encoder mean AUC / F1 / accuracy over seeds with the AUC's 95% interval,
 * slices, steps and pre-training time; every arm vs ALL and vs random init with its paired-t
 * interval and verdict; seeds needed; figure.svg as the CLI writes it. No "best" marks.
 */
import { useState } from 'react';
import { reportFigureSvg, RANDOM_INIT, type ExperimentReport, type ReportComparison } from '../../../../core/experiment';
import type { MetricName } from '../../../../core/eval/paired';
import { METRIC_LABELS, METRIC_NAMES } from '../types';

const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const interval = (ci: [number, number] | null) => (ci ? `[${f3(ci[0])}, ${f3(ci[1])}]` : 'no interval (1 seed)');
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

function EncoderTable({ report }: { report: ExperimentReport }) {
  const r = report.randomInit;
  return (
    <table className="exp-table" data-testid="experiment-report-arms">
      <thead>
        <tr><th>encoder</th><th>slices</th><th>steps</th><th>pre-training</th><th>AUC (95% interval)</th><th>F1</th><th>accuracy</th><th>confusable</th></tr>
      </thead>
      <tbody>
        <tr data-testid="experiment-result-row" data-arm={RANDOM_INIT}>
          <th scope="row">random init</th><td>–</td><td>0</td><td>–</td>
          <td>{f3(r.mean.auc)} <span className="muted">{interval(r.ci95.auc)}</span></td><td>{f3(r.mean.f1)}</td><td>{f3(r.mean.accuracy)}</td><td>–</td>
        </tr>
        {report.arms.map((a) => (
          <tr key={a.name} data-testid="experiment-result-row" data-arm={a.name} className={a.collapsed ? 'exp-collapsed' : undefined}>
            <th scope="row">{a.name}{a.collapsed && <span className="exp-warn-tag" title="SwAV's codes collapsed in some seed"> collapsed {a.collapsedSeeds}/{a.seeds.length || a.collapsedSeeds}</span>}</th>
            <td>{a.slices}</td>
            <td>{Math.round(a.steps)}</td>
            <td>{a.pretrainSeconds.toFixed(1)} s</td>
            <td title={`per seed: ${a.seeds.map((s) => `${s.seed}: ${f3(s.auc)}`).join(', ')}`}>{f3(a.mean.auc)} <span className="muted">{interval(a.ci95.auc)}</span></td>
            <td>{f3(a.mean.f1)}</td>
            <td>{f3(a.mean.accuracy)}</td>
            <td>{a.confusableRate === null ? '–' : f3(a.confusableRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Comparisons({ comparisons }: { comparisons: ReportComparison[] }) {
  const [metric, setMetric] = useState<MetricName>('auc');
  const shown = comparisons.filter((c) => c.metric === metric);
  return (
    <div className="exp-comparisons">
      <div className="field-row">
        <h4>Paired comparisons</h4>
        <select aria-label="metric" data-testid="experiment-comparison-metric" value={metric} onChange={(e) => setMetric(e.target.value as MetricName)}>
          {METRIC_NAMES.map((m) => <option key={m} value={m}>{METRIC_LABELS[m]}</option>)}
        </select>
      </div>
      <table className="exp-table" data-testid="experiment-comparisons">
        <thead><tr><th>arm (b)</th><th>vs (a)</th><th>seeds</th><th>mean b − a</th><th>95% interval</th><th>verdict</th></tr></thead>
        <tbody>
          {shown.map((c) => (
            <tr key={`${c.b}|${c.a}`} data-testid="experiment-comparison" data-verdict={c.verdict}>
              <th scope="row">{c.b}</th><td>{c.a}</td><td>{c.pairs}</td><td>{signed(c.meanDiff)}</td><td>{interval(c.ci95)}</td>
              <td className={`exp-verdict exp-verdict-${c.verdict.replace(/\s+/g, '-')}`}>{c.verdict}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportView({ report }: { report: ExperimentReport }) {
  const figure = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(reportFigureSvg(report))}`;
  const [first, ...others] = report.warnings;
  const need = report.seedsNeeded.map((s) => `${s.difference} AUC: ${s.seeds === null ? 'unknown (needs 2+ seeds) or over 10,000' : `${s.seeds} seeds`}`).join('; ');
  return (
    <section className="exp-results" data-testid="experiment-results">
      <h3>Results {report.isProxy && <span className="exp-proxy-badge">PROXY TASK</span>}</h3>
      <p className="muted">{report.task} · {report.protocol} protocol · {report.spec.seeds.length} seed(s) × {report.spec.runs} evaluation runs · means over seeds with paired-t 95% intervals</p>
      {report.noArmBeatsRandomInit && <p className="exp-warning exp-first-warning" role="alert" data-testid="experiment-no-arm-warning">{first}</p>}
      <EncoderTable report={report} />
      <Comparisons comparisons={report.comparisons} />
      <p data-testid="experiment-seeds-needed">
        Seeds needed to show a difference at the observed spread ({report.seedsNeeded[0]?.from}): {need}.
      </p>
      {(report.noArmBeatsRandomInit ? others : report.warnings).length > 0 && (
        <ul className="exp-warnings" data-testid="experiment-warnings">{(report.noArmBeatsRandomInit ? others : report.warnings).map((w) => <li key={w}>{w}</li>)}</ul>
      )}
      {report.missing.length > 0 && <p className="muted">Not finished yet: {report.missing.join(', ')}.</p>}
      <img className="exp-figure" src={figure} alt="mean AUC per encoder with 95% intervals, pre-training time" data-testid="experiment-figure" />
      <details><summary>notes</summary><ul>{report.notes.map((n) => <li key={n}>{n}</li>)}</ul></details>
    </section>
  );
}
