/**
 * The comparison: one row per arm and the from-scratch baseline — slices used, pre-training time,
 * AUC / F1 / accuracy as mean ± std, the best in each column marked — the bar chart, and the
 * warnings (a collapsed run, differences inside the spread).
 */
import { isBaselineRow, PIXELS_ROW, METRIC_LABELS, METRIC_NAMES, type ExperimentResults, type ResultRow } from '../types';
import { MetricBars } from '../charts/MetricBars';
import { bestPerColumn, formatMeanStd, resultWarnings } from './analysis';

function Row({ row, best }: { row: ResultRow; best: ReturnType<typeof bestPerColumn> }) {
  // No "best" marks: a higher mean inside the spread is not a result (see the warnings below).
  const mark = (_on: boolean) => undefined;
  return (
    // The raw-pixel row is a reference for the proxy task, not an encoder: it has its own test id.
    <tr data-testid={row.armId === PIXELS_ROW ? 'experiment-baseline-row' : 'experiment-result-row'} data-arm={row.armId}>
      <th scope="row">{row.label}{row.collapsed && <span className="exp-warn-tag" title="collapsed pre-training"> collapsed</span>}</th>
      <td>{isBaselineRow(row.armId) ? '–' : row.slicesUsed}</td>
      <td className={mark(best.pretrainSeconds.includes(row.armId))}>{isBaselineRow(row.armId) ? '–' : `${row.pretrainSeconds.toFixed(1)} s`}</td>
      {METRIC_NAMES.map((m) => (
        <td key={m} className={mark(best[m].includes(row.armId))} title={`runs: ${row.runs.map((r) => r[m].toFixed(3)).join(', ')}`}>
          {formatMeanStd(row.metrics[m])}
        </td>
      ))}
    </tr>
  );
}

export function ResultsView({ results }: { results: ExperimentResults }) {
  const best = bestPerColumn(results.rows);
  const warnings = resultWarnings(results.rows);
  return (
    <section className="exp-results" data-testid="experiment-results">
      <h3>Results {results.isProxy && <span className="exp-proxy-badge">PROXY TASK</span>}</h3>
      <p className="muted">{results.task} · {results.protocol} protocol · {results.rows[0]?.runs.length ?? 0} runs (an experiment stored before paired seeds)</p>
      <table className="exp-table">
        <thead>
          <tr><th>encoder</th><th>slices</th><th>pre-training</th>{METRIC_NAMES.map((m) => <th key={m}>{METRIC_LABELS[m]}</th>)}</tr>
        </thead>
        <tbody>{results.rows.map((r) => <Row key={r.armId} row={r} best={best} />)}</tbody>
      </table>
      {warnings.length > 0 && (
        <ul className="exp-warnings" data-testid="experiment-warnings">{warnings.map((w) => <li key={w}>{w}</li>)}</ul>
      )}
      {results.rows.length > 0 && <MetricBars rows={results.rows} />}
      {results.notes.length > 0 && <details><summary>evaluation notes</summary><ul>{results.notes.map((n) => <li key={n}>{n}</li>)}</ul></details>}
    </section>
  );
}
