import { describe, expect, it } from 'vitest';
import { summariseRuns } from './metrics';
import { compareReports, comparisonToCsv, comparisonToMarkdown, reportToCsv } from './report';
import type { EvaluationReport } from './types';

function report(name: string, kind: 'scratch' | 'model', aucs: number[], slicesUsed?: number): EvaluationReport {
  const runs = aucs.map((auc, i) => ({ run: i, fold: i, seed: i, auc, f1: auc - 0.1, accuracy: auc - 0.05, trainCount: 8, valCount: 1, testCount: 2, epochsTrained: 3, bestEpoch: 2 }));
  return {
    schema: 'ctsieve-evaluation/1', task: 'covid, ct', protocol: 'finetune', classes: [{ name: 'a', count: 5 }, { name: 'b', count: 6 }],
    encoder: { name, kind, arch: 'resnet18', inputSize: 64, ...(slicesUsed ? { provenance: { config: {}, slicesUsed, steps: 1, seconds: 1 } } : {}) },
    splitMode: 'k-fold', runs, ...summariseRuns(runs), seconds: 1, epochs: 3, seed: 0, settings: { batch: 64, lr: 1e-3, patience: 5, valFraction: 0.1 }, notes: [],
  };
}

describe('reports', () => {
  const scratch = report('scratch resnet18', 'scratch', [0.7, 0.72, 0.74]);
  const all = report('ALL', 'model', [0.78, 0.8, 0.79], 6400);
  const hash6 = report('HASH t=6', 'model', [0.83, 0.84, 0.82], 580);

  it('CSV: one row per run, then mean and std; fields with commas are quoted', () => {
    const lines = reportToCsv(all).trim().split('\n');
    expect(lines).toHaveLength(1 + 3 + 2);
    expect(lines[1].startsWith('"covid, ct",no,finetune,ALL,model,1,0,0,0.78,')).toBe(true);
    expect(lines[4]).toContain(',mean,,,');
    expect(lines[5]).toContain(`,std,,,${all.std.auc},`);
  });

  it('comparison marks the best mean per metric and carries slices used', () => {
    const t = compareReports([scratch, all, hash6]);
    expect(t.rows.map((r) => r.best)).toEqual([[], [], ['auc', 'f1', 'accuracy']]);
    expect(t.rows.map((r) => r.slicesUsed)).toEqual([undefined, 6400, 580]);
    expect(t.notes).toEqual([]);
    const md = comparisonToMarkdown(t);
    expect(md).toContain('| HASH t=6 | model | finetune | 580 | **0.830 ± 0.010** |');
    expect(comparisonToCsv(t).split('\n')[0]).toBe('task,proxy,encoder,kind,protocol,slices_used,auc_mean,auc_std,f1_mean,f1_std,accuracy_mean,accuracy_std,best');
  });

  it('warns when rows are not comparable and labels proxy tables', () => {
    const t = compareReports([all, { ...report('x', 'model', [0.5, 0.6]), task: 'other', protocol: 'linear', isProxy: true }]);
    expect(t.notes.join(' ')).toMatch(/different tasks.*different protocols.*run counts.*PROXY/s);
    expect(comparisonToMarkdown(t)).toMatch(/^\*\*PROXY TASK — /);
  });
});
