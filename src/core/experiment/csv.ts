/**
 * report.csv: one table. `kind` says what a row is: `seed` (one arm's or random init's seed: the
 * mean over that seed's evaluation runs), `mean` (over seeds, with the 95% t interval of AUC) or
 * `comparison` (arm b − arm a, paired by seed: mean difference, 95% interval, verdict).
 */
import { RANDOM_INIT } from './spec';
import type { ExperimentReport } from './types';

const HEAD = ['kind', 'name', 'vs', 'metric', 'seed', 'slices', 'steps', 'epochs', 'pretrain_seconds', 'collapsed', 'confusable_rate', 'auc', 'f1', 'accuracy', 'auc_sd', 'auc_ci_lo', 'auc_ci_hi', 'pairs', 'mean_diff', 'ci_lo', 'ci_hi', 'verdict'];

function field(v: string | number | boolean | null | undefined): string {
  if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(values: Partial<Record<(typeof HEAD)[number], string | number | boolean | null | undefined>>): string {
  return HEAD.map((h) => field(values[h])).join(',');
}

export function reportToCsv(r: ExperimentReport): string {
  const lines = [HEAD.join(',')];
  for (const s of r.randomInit.seeds) lines.push(line({ kind: 'seed', name: RANDOM_INIT, seed: s.seed, steps: 0, auc: s.auc, f1: s.f1, accuracy: s.accuracy }));
  for (const a of r.arms) {
    for (const s of a.seeds) lines.push(line({ kind: 'seed', name: a.name, seed: s.seed, slices: a.slices, steps: s.steps, pretrain_seconds: s.pretrainSeconds, collapsed: s.collapsed, confusable_rate: a.confusableRate, auc: s.auc, f1: s.f1, accuracy: s.accuracy }));
  }
  const ri = r.randomInit;
  lines.push(line({ kind: 'mean', name: RANDOM_INIT, steps: 0, auc: ri.mean.auc, f1: ri.mean.f1, accuracy: ri.mean.accuracy, auc_sd: ri.std.auc, auc_ci_lo: ri.ci95.auc?.[0], auc_ci_hi: ri.ci95.auc?.[1] }));
  for (const a of r.arms) {
    lines.push(line({ kind: 'mean', name: a.name, slices: a.slices, steps: a.steps, epochs: a.epochs, pretrain_seconds: a.pretrainSeconds, collapsed: a.collapsed, confusable_rate: a.confusableRate, auc: a.mean.auc, f1: a.mean.f1, accuracy: a.mean.accuracy, auc_sd: a.std.auc, auc_ci_lo: a.ci95.auc?.[0], auc_ci_hi: a.ci95.auc?.[1] }));
  }
  for (const c of r.comparisons) {
    lines.push(line({ kind: 'comparison', name: c.b, vs: c.a, metric: c.metric, pairs: c.pairs, mean_diff: c.meanDiff, ci_lo: c.ci95?.[0], ci_hi: c.ci95?.[1], verdict: c.verdict }));
  }
  return `${lines.join('\n')}\n`;
}
