import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../types';
import { bestPerColumn, formatMeanStd, resultWarnings } from './analysis';

function row(armId: string, auc: number[], over: Partial<ResultRow> = {}): ResultRow {
  const mean = auc.reduce((s, v) => s + v, 0) / auc.length;
  const std = auc.length > 1 ? Math.sqrt(auc.reduce((s, v) => s + (v - mean) ** 2, 0) / (auc.length - 1)) : Number.NaN;
  const m = { mean, std };
  return { armId, label: armId, slicesUsed: 10, pretrainSeconds: 5, runs: auc.map((a) => ({ auc: a, f1: a, accuracy: a })), metrics: { auc: m, f1: m, accuracy: m }, ...over };
}

describe('results analysis', () => {
  it('marks the highest mean per metric and the fastest pre-training (scratch has none)', () => {
    const rows = [row('scratch', [0.6, 0.62, 0.61], { pretrainSeconds: 0 }), row('all', [0.7, 0.72, 0.71], { pretrainSeconds: 40 }), row('hash', [0.8, 0.82, 0.81], { pretrainSeconds: 5 })];
    const best = bestPerColumn(rows);
    expect(best.auc).toEqual(['hash']);
    expect(best.pretrainSeconds).toEqual(['hash']);
  });

  it('warns when the best is ahead by less than the spread, and not when the gap is clear', () => {
    const noisy = [row('all', [0.5, 0.9, 0.7, 0.6, 0.8]), row('hash', [0.55, 0.95, 0.75, 0.65, 0.85])];
    expect(resultWarnings(noisy).join('\n')).toMatch(/AUC: hash is ahead of all by less than the spread/);
    const clear = [row('all', [0.6, 0.61, 0.62, 0.6, 0.61]), row('hash', [0.8, 0.81, 0.82, 0.8, 0.81])];
    expect(resultWarnings(clear)).toEqual([]);
  });

  it('warns about a collapsed run and about single runs', () => {
    const w = resultWarnings([row('all', [0.7], { collapsed: true, label: 'ALL' }), row('hash', [0.8])]);
    expect(w.join('\n')).toMatch(/ALL: the pre-training collapsed/);
    expect(w.join('\n')).toMatch(/Fewer than 2 evaluation runs/);
  });

  it('leaves the raw-pixel reference out of the marks, and says when it beats every encoder', () => {
    const rows = [row('scratch', [0.6, 0.62, 0.61], { pretrainSeconds: 0 }), row('pixels', [0.99, 1, 1], { pretrainSeconds: 0, label: 'raw pixels' }), row('hash', [0.8, 0.82, 0.81])];
    expect(bestPerColumn(rows).auc).toEqual(['hash']);
    const w = resultWarnings(rows).join('\n');
    expect(w).toMatch(/raw pixels \(no encoder at all\) scores a higher AUC than every encoder/);
    expect(w).not.toMatch(/AUC: raw pixels is ahead/);
  });

  it('prints mean ± std with two decimals', () => {
    expect(formatMeanStd({ mean: 0.8312, std: 0.0449 })).toBe('0.83 ± 0.04');
    expect(formatMeanStd({ mean: Number.NaN, std: 0 })).toBe('–');
  });
});
