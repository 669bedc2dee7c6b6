/**
 * Reading a comparison: which row is best in each column, and when the numbers do not support a
 * conclusion. Pure, so the rules are unit-tested.
 *
 * Spread rule: two rows' means differ meaningfully only when |Δ| ≥ 2·√(s₁²/n₁ + s₂²/n₂) (about a
 * 95% two-sided interval of the difference of two means, Welch's form with z ≈ 2; with 5 runs a
 * t quantile would be larger, so this errs on the side of saying "meaningful"). The warning names
 * the metric and the two rows.
 */
import { isBaselineRow, METRIC_LABELS, METRIC_NAMES, PIXELS_ROW, type MetricName, type ResultRow } from '../types';

/** Columns a row can be best in: the three metrics (highest mean) and pre-training time (lowest, pre-trained rows only). */
export type BestColumn = MetricName | 'pretrainSeconds';

/**
 * Per column, the armIds of the best rows (ties share the mark). The comparison is between
 * encoders (the arms and from scratch); the raw-pixel reference of the proxy task is not one.
 */
export function bestPerColumn(all: readonly ResultRow[]): Record<BestColumn, string[]> {
  const rows = encoderRows(all);
  const best = {} as Record<BestColumn, string[]>;
  for (const m of METRIC_NAMES) {
    const finite = rows.filter((r) => Number.isFinite(r.metrics[m].mean));
    const top = Math.max(...finite.map((r) => r.metrics[m].mean));
    best[m] = finite.filter((r) => r.metrics[m].mean === top).map((r) => r.armId);
  }
  const trained = rows.filter((r) => !isBaselineRow(r.armId));
  const fastest = Math.min(...trained.map((r) => r.pretrainSeconds));
  best.pretrainSeconds = trained.filter((r) => r.pretrainSeconds === fastest).map((r) => r.armId);
  return best;
}

function encoderRows(rows: readonly ResultRow[]): ResultRow[] {
  return rows.filter((r) => r.armId !== PIXELS_ROW);
}

/** Half-width of the ~95% interval of the difference of two means. */
export function differenceMargin(a: ResultRow, b: ResultRow, metric: MetricName): number {
  const na = Math.max(1, a.runs.length);
  const nb = Math.max(1, b.runs.length);
  const sa = a.metrics[metric].std;
  const sb = b.metrics[metric].std;
  return 2 * Math.sqrt((sa * sa) / na + (sb * sb) / nb);
}

/** Warnings to show under the results: collapsed runs, differences inside the spread, too few runs. */
export function resultWarnings(all: readonly ResultRow[]): string[] {
  const rows = encoderRows(all);
  const warnings: string[] = [];
  for (const r of rows) {
    if (r.collapsed) warnings.push(`${r.label}: the pre-training collapsed (loss stuck at ln K, every image given the same code); its encoder learned nothing useful and its numbers are no evidence for or against its slices.`);
  }
  if (rows.some((r) => r.runs.length < 2)) warnings.push('Fewer than 2 evaluation runs: no spread can be estimated, differences cannot be judged.');
  const best = bestPerColumn(rows);
  for (const m of METRIC_NAMES) {
    const top = rows.find((r) => r.armId === best[m][0]);
    if (!top) continue;
    const close = rows.filter((r) => r !== top && Number.isFinite(r.metrics[m].mean)
      && Math.abs(top.metrics[m].mean - r.metrics[m].mean) < differenceMargin(top, r, m));
    if (close.length > 0) {
      warnings.push(`${METRIC_LABELS[m]}: ${top.label} is ahead of ${close.map((r) => r.label).join(', ')} by less than the spread of the runs allows (|Δ| < 2·√(s₁²/n₁+s₂²/n₂)); the difference is not meaningful.`);
    }
  }
  const pixels = all.find((r) => r.armId === PIXELS_ROW);
  if (pixels && rows.length > 0 && rows.every((r) => r.metrics.auc.mean < pixels.metrics.auc.mean)) {
    warnings.push(`${pixels.label} (no encoder at all) scores a higher AUC than every encoder: on this task the encoders have not learned more than the pixels already show (a longer pre-training, e.g. the short preset, or a harder task is needed).`);
  }
  return warnings;
}

/** "0.83 ± 0.04" (two decimals, the form the paper's tables use). */
export function formatMeanStd(s: { mean: number; std: number }): string {
  if (!Number.isFinite(s.mean)) return '–';
  return `${s.mean.toFixed(2)} ± ${Number.isFinite(s.std) ? s.std.toFixed(2) : '–'}`;
}
