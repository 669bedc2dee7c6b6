/**
 * Reports as tables: one evaluation's runs as CSV, and several evaluations (scratch, ALL-pretrained,
 * reduced-pretrained …) compared in one table like the paper's (mean ± sample std, best in bold).
 */
import type { ComparisonRow, ComparisonTable, EvaluationReport, RunMetrics } from './types';

const METRICS: (keyof RunMetrics)[] = ['auc', 'f1', 'accuracy'];

function csvField(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(fields: (string | number | undefined)[]): string {
  return fields.map(csvField).join(',');
}

/** One row per run, then a `mean` and a `std` row (sample std, ddof 1). */
export function reportToCsv(r: EvaluationReport): string {
  const head = ['task', 'proxy', 'protocol', 'encoder', 'kind', 'run', 'fold', 'seed', 'auc', 'f1', 'accuracy', 'train', 'val', 'test', 'epochs_trained', 'best_epoch', 'chosen_c'];
  const base = [r.task, r.isProxy ? 'yes' : 'no', r.protocol, r.encoder.name, r.encoder.kind];
  const lines = r.runs.map((x) => csvLine([...base, x.run + 1, x.fold, x.seed, x.auc, x.f1, x.accuracy, x.trainCount, x.valCount, x.testCount, x.epochsTrained, x.bestEpoch, x.chosenC]));
  const summary = (name: string, m: RunMetrics) => csvLine([...base, name, '', '', m.auc, m.f1, m.accuracy, '', '', '', '', '', '']);
  return [csvLine(head), ...lines, summary('mean', r.mean), summary('std', r.std)].join('\n') + '\n';
}

/** Rows per encoder; `best` marks the highest mean of each metric (ties all marked). */
export function compareReports(reports: readonly EvaluationReport[]): ComparisonTable {
  if (reports.length === 0) throw new Error('compare: no reports given');
  const notes: string[] = [];
  const tasks = new Set(reports.map((r) => r.task));
  const protocols = new Set(reports.map((r) => r.protocol));
  if (tasks.size > 1) notes.push(`reports of different tasks (${[...tasks].join(', ')}) in one table: rows are not comparable`);
  if (protocols.size > 1) notes.push(`different protocols (${[...protocols].join(', ')}) in one table`);
  const splits = new Set(reports.map((r) => `${r.splitMode}/${r.runs.length}`));
  if (splits.size > 1) notes.push(`different split modes or run counts (${[...splits].join(', ')})`);
  const bestOf = (k: keyof RunMetrics) => Math.max(...reports.map((r) => r.mean[k]));
  const best: RunMetrics = { auc: bestOf('auc'), f1: bestOf('f1'), accuracy: bestOf('accuracy') };
  const rows: ComparisonRow[] = reports.map((r) => ({
    encoder: r.encoder.name,
    kind: r.encoder.kind,
    protocol: r.protocol,
    task: r.task,
    ...(r.encoder.provenance ? { slicesUsed: r.encoder.provenance.slicesUsed } : {}),
    mean: r.mean,
    std: r.std,
    best: METRICS.filter((k) => r.mean[k] === best[k]),
  }));
  const isProxy = reports.some((r) => r.isProxy);
  if (isProxy) notes.push('PROXY TASK in this table: it measures what the features encode about slice position, not clinical performance');
  return { task: [...tasks].join(' / '), rows, notes, ...(isProxy ? { isProxy: true } : {}) };
}

const pm = (m: number, s: number, digits: number) => `${m.toFixed(digits)} ± ${Number.isFinite(s) ? s.toFixed(digits) : 'n/a'}`;

/** The comparison as a Markdown table (best per column in bold), notes below it. */
export function comparisonToMarkdown(t: ComparisonTable, digits = 3): string {
  const title = `${t.isProxy ? 'PROXY TASK — ' : ''}${t.task}`;
  const head = ['encoder', 'kind', 'protocol', 'slices used', 'AUC', 'F1', 'accuracy'];
  const lines = t.rows.map((r) => {
    const cells = METRICS.map((k) => (r.best.includes(k) ? `**${pm(r.mean[k], r.std[k], digits)}**` : pm(r.mean[k], r.std[k], digits)));
    return `| ${[r.encoder, r.kind, r.protocol, r.slicesUsed ?? '', ...cells].join(' | ')} |`;
  });
  const notes = t.notes.map((n) => `- ${n}`);
  return [`**${title}**`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...lines, ...(notes.length ? ['', ...notes] : [])].join('\n') + '\n';
}

export function comparisonToCsv(t: ComparisonTable): string {
  const head = ['task', 'proxy', 'encoder', 'kind', 'protocol', 'slices_used', ...METRICS.flatMap((k) => [`${k}_mean`, `${k}_std`]), 'best'];
  const lines = t.rows.map((r) => csvLine([r.task, t.isProxy ? 'yes' : 'no', r.encoder, r.kind, r.protocol, r.slicesUsed, ...METRICS.flatMap((k) => [r.mean[k], r.std[k]]), r.best.join(' ')]));
  return [csvLine(head), ...lines].join('\n') + '\n';
}
