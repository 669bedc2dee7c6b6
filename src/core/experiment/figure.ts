/**
 * figure.svg: a hand-written SVG of the report, one row per arm (random init first):
 *   left   mean AUC over seeds with its 95% t interval (a dashed line at random init's mean),
 *   middle pre-training seconds (mean over seeds),
 *   right  confusable rate of the arm's kept slices (when measured).
 * Verdicts vs random init sit beside the intervals; no "best" marks.
 */
import { RANDOM_INIT } from './spec';
import type { ExperimentReport } from './types';

const ROW = 30;
const TOP = 74;
const LABEL_W = 170;
const AUC_W = 300;
const BAR_W = 150;
const GAP = 30;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Row {
  name: string;
  mean: number;
  ci: [number, number] | null;
  seconds: number | null;
  confusable: number | null;
  verdict?: string;
  collapsed: boolean;
}

function rows(r: ExperimentReport): Row[] {
  const random: Row = { name: RANDOM_INIT, mean: r.randomInit.mean.auc, ci: r.randomInit.ci95.auc, seconds: null, confusable: null, collapsed: false };
  return [random, ...r.arms.map((a) => {
    const vs = r.comparisons.find((c) => c.b === a.name && c.a === RANDOM_INIT && c.metric === 'auc');
    return { name: a.name, mean: a.mean.auc, ci: a.ci95.auc, seconds: a.seeds.length ? a.pretrainSeconds : null, confusable: a.confusableRate, verdict: vs?.verdict, collapsed: a.collapsed };
  })];
}

/** A tidy [lo, hi] around every value and interval, padded, on a 0.05 grid. */
function aucRange(rs: Row[]): [number, number] {
  // AUC lives in [0, 1]: an interval past it is clipped (and marked), not the axis stretched.
  const vals = rs.flatMap((x) => [x.mean, ...(x.ci ?? [])]).filter(Number.isFinite).map((v) => Math.min(1, Math.max(0, v)));
  if (!vals.length) return [0.4, 1];
  const lo = Math.max(0, Math.floor((Math.min(...vals) - 0.02) / 0.05) * 0.05);
  const hi = Math.min(1, Math.ceil((Math.max(...vals) + 0.02) / 0.05) * 0.05);
  return hi - lo < 0.1 ? [Math.max(0, lo - 0.05), Math.min(1, hi + 0.05)] : [lo, hi];
}

export function reportFigureSvg(r: ExperimentReport): string {
  const rs = rows(r);
  const withConf = rs.some((x) => x.confusable !== null);
  const width = Math.max(720, LABEL_W + AUC_W + GAP + BAR_W + (withConf ? GAP + BAR_W : 0) + 20);
  const height = TOP + rs.length * ROW + 60;
  const [lo, hi] = aucRange(rs);
  const ax = (v: number) => LABEL_W + ((v - lo) / (hi - lo)) * AUC_W;
  const maxSec = Math.max(1e-9, ...rs.map((x) => x.seconds ?? 0));
  const secX = LABEL_W + AUC_W + GAP;
  const confX = secX + BAR_W + GAP;
  const maxConf = Math.max(1e-9, ...rs.map((x) => x.confusable ?? 0));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<rect width="${width}" height="${height}" fill="#fff"/>`);
  const title = `${r.isProxy ? 'PROXY TASK — ' : ''}${r.task} (${r.protocol})`;
  out.push(`<text x="10" y="20" font-size="14" font-weight="600">${esc(title.length > 90 ? `${title.slice(0, 89)}…` : title)}</text>`);
  out.push(`<text x="10" y="36" fill="#444">mean AUC over ${r.spec.seeds.length} seed(s) with its 95% t interval (clipped to the axis: ◂ ▸ mark an interval that goes on)</text>`);
  out.push(`<text x="${LABEL_W}" y="${TOP - 12}" fill="#444">AUC</text>`, `<text x="${secX}" y="${TOP - 12}" fill="#444">pre-training s (mean)</text>`);
  if (withConf) out.push(`<text x="${confX}" y="${TOP - 12}" fill="#444">confusable rate</text>`);
  // AUC grid: a tick step that keeps the labels apart.
  const step = hi - lo <= 0.3 ? 0.05 : hi - lo <= 0.6 ? 0.1 : 0.2;
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) {
    const x = ax(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${TOP + rs.length * ROW}" stroke="#eee"/>`, `<text x="${x}" y="${TOP + rs.length * ROW + 16}" text-anchor="middle" fill="#666">${t.toFixed(2)}</text>`);
  }
  if (Number.isFinite(rs[0].mean)) {
    const x = ax(rs[0].mean).toFixed(1);
    out.push(`<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${TOP + rs.length * ROW}" stroke="#888" stroke-dasharray="4 3"/>`);
  }
  rs.forEach((row, i) => {
    const y = TOP + i * ROW + ROW / 2;
    const colour = i === 0 ? '#666' : row.verdict === 'b better' ? '#1a7f37' : row.verdict === 'a better' ? '#b42318' : '#1f5fbf';
    out.push(`<text x="10" y="${y + 4}">${esc(row.name)}${row.collapsed ? ' (collapsed)' : ''}</text>`);
    if (row.ci) {
      const [a, b] = [Math.max(lo, row.ci[0]), Math.min(hi, row.ci[1])];
      out.push(`<line x1="${ax(a).toFixed(1)}" y1="${y}" x2="${ax(b).toFixed(1)}" y2="${y}" stroke="${colour}" stroke-width="2"/>`);
      if (row.ci[0] < lo) out.push(`<text x="${(ax(lo) - 9).toFixed(1)}" y="${y + 4}" fill="${colour}">◂</text>`);
      if (row.ci[1] > hi) out.push(`<text x="${(ax(hi) + 1).toFixed(1)}" y="${y + 4}" fill="${colour}">▸</text>`);
    }
    if (Number.isFinite(row.mean)) out.push(`<circle cx="${ax(row.mean).toFixed(1)}" cy="${y}" r="4" fill="${colour}"><title>${esc(`${row.name}: ${row.mean.toFixed(3)}${row.ci ? ` [${row.ci[0].toFixed(3)}, ${row.ci[1].toFixed(3)}]` : ''}`)}</title></circle>`);
    if (row.seconds !== null) {
      const w = (row.seconds / maxSec) * (BAR_W - 50);
      out.push(`<rect x="${secX}" y="${y - 7}" width="${w.toFixed(1)}" height="14" fill="#8aa4c8"/>`, `<text x="${(secX + w + 4).toFixed(1)}" y="${y + 4}" fill="#333">${row.seconds.toFixed(1)}</text>`);
    }
    if (withConf && row.confusable !== null) {
      const w = (row.confusable / maxConf) * (BAR_W - 50);
      out.push(`<rect x="${confX}" y="${y - 7}" width="${w.toFixed(1)}" height="14" fill="#c8a48a"/>`, `<text x="${(confX + w + 4).toFixed(1)}" y="${y + 4}" fill="#333">${row.confusable.toFixed(3)}</text>`);
    }
  });
  const foot = r.noArmBeatsRandomInit ? 'No pre-trained arm beats random init on AUC (dashed: random init mean).' : 'vs random init — green: better, red: worse, blue: no difference shown; dashed: its mean.';
  out.push(`<text x="10" y="${height - 20}" fill="${r.noArmBeatsRandomInit ? '#b42318' : '#444'}">${esc(foot)}</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
