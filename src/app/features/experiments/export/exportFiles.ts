/**
 * What an experiment exports, as bytes/text (no DOM, tested in Node):
 * - an arm's encoder as a zip: `encoder/` (tfjs model.json + shards + ctsieve-encoder.json, the
 *   form `similarity --method deepnet --model DIR/encoder` and tf.loadLayersModel read) and
 *   `encoder.safetensors` for PyTorch (resnet18: torchvision key names; tiny: golden_swav.py's Tiny
 *   backbone names; none for mobilenetv2);
 * - the report as JSON (config, budget, arms, per-run metrics, the evaluation reports) and as CSV
 *   (one row per encoder: mean and std of each metric);
 * - each arm's manifest (ctsieve-manifest/1 of the slices it trained on).
 */
import { strToU8, zipSync } from 'fflate';
import { reportFigureSvg, reportToCsv as experimentReportCsv } from '../../../../core/experiment';
import { recordSpec } from '../specIO';
import type { EncoderArtifacts } from '../engine';
import { isBaselineRow, METRIC_NAMES, type ExperimentRecord } from '../types';

export const EXPERIMENT_REPORT_SCHEMA = 'ctsieve-experiment/1';

export function encoderZip(encoder: EncoderArtifacts): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const f of encoder.files) entries[`encoder/${f.name}`] = f.bytes;
  if (encoder.safetensors) entries['encoder.safetensors'] = encoder.safetensors;
  return zipSync(entries, { level: 6 });
}

/** A file-name-safe form of an arm label ("HASH ≤ 6" → "hash-6"). */
export function slug(label: string): string {
  return label.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'arm';
}

const BUDGET_WORDS: Record<ExperimentRecord['budget'], { mode: string; unit: string }> = {
  epochs: { mode: 'equal epochs', unit: 'epochs' },
  steps: { mode: 'equal steps', unit: 'steps' },
  seconds: { mode: 'equal seconds', unit: 'seconds' },
  time: { mode: 'equal wall time', unit: 'seconds' },
};

/**
 * The report JSON. A paired-seed experiment exports the CLI's report.json (core/experiment's
 * report: the same file `ctsieve experiment` writes); older experiments their own summary.
 */
export function reportJson(record: ExperimentRecord): string {
  if (record.results?.report) return `${JSON.stringify(record.results.report, null, 1)}
`;
  const report = {
    schema: EXPERIMENT_REPORT_SCHEMA,
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    status: record.status,
    budget: { mode: BUDGET_WORDS[record.budget].mode, perArm: record.budgetValue, unit: BUDGET_WORDS[record.budget].unit },
    pretrain: record.pretrain,
    evaluation: { protocol: record.evalProtocol, runs: record.evalRuns, epochs: record.evalEpochs, task: record.task },
    arms: record.arms.map((a) => {
      const p = record.progress.find((x) => x.armId === a.id);
      return {
        id: a.id, label: a.label, params: a.params, scoresBackend: a.backend,
        volumes: a.volumes.map((v) => ({ name: v.name, voxelSha256: v.voxelSha256, n: v.n, kept: v.kept.length })),
        slicesUsed: p?.slicesUsed, steps: p?.stepsDone, pretrainSeconds: p?.seconds, backend: p?.backend,
        imagesPerSecond: p?.imagesPerSecond, collapsed: p?.collapsed ?? false, collapseReason: p?.collapseReason,
      };
    }),
    results: record.results ? { task: record.results.task, isProxy: record.results.isProxy, protocol: record.results.protocol, rows: record.results.rows, notes: record.results.notes } : null,
    evaluationReports: record.results?.reports ?? [],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function csvCell(v: string | number | boolean | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The report CSV: the CLI's report.csv for a paired-seed experiment, else one row per encoder. */
export function reportCsv(record: ExperimentRecord): string {
  if (record.results?.report) return experimentReportCsv(record.results.report);
  const head = ['encoder', 'slices_used', 'pretrain_seconds', 'runs', ...METRIC_NAMES.flatMap((m) => [`${m}_mean`, `${m}_std`]), 'collapsed', 'budget', 'task', 'proxy'];
  const unit = record.budget === 'steps' ? '' : record.budget === 'epochs' ? ' epochs' : ' s';
  const budget = `${BUDGET_WORDS[record.budget].mode} ${record.budgetValue}${unit}`;
  const rows = (record.results?.rows ?? []).map((r) => [
    r.label, isBaselineRow(r.armId) ? 0 : r.slicesUsed, r.pretrainSeconds.toFixed(2), r.runs.length,
    ...METRIC_NAMES.flatMap((m) => [r.metrics[m].mean.toFixed(4), r.metrics[m].std.toFixed(4)]),
    r.collapsed ?? false, budget, record.results?.task, record.results?.isProxy ?? false,
  ].map(csvCell).join(','));
  return `${[head.join(','), ...rows].join('\n')}\n`;
}

/** figure.svg of a paired-seed experiment (the CLI's), or undefined. */
export function reportFigure(record: ExperimentRecord): string | undefined {
  return record.results?.report ? reportFigureSvg(record.results.report) : undefined;
}

/** The experiment as the SPEC JSON `ctsieve experiment` runs (volumes by name). */
export function specJson(record: ExperimentRecord): string {
  return `${JSON.stringify(recordSpec(record), null, 2)}\n`;
}

export function manifestJson(manifest: unknown): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export { strToU8 };
