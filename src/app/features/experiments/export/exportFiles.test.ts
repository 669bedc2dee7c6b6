import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { pretrainPreset } from '../../../../core/ssl/presets';
import type { ExperimentRecord } from '../types';
import { encoderZip, reportCsv, reportJson, slug } from './exportFiles';

const metrics = (m: number) => ({ auc: { mean: m, std: 0.01 }, f1: { mean: m - 0.1, std: 0.02 }, accuracy: { mean: m - 0.05, std: 0.03 } });

const record: ExperimentRecord = {
  id: 'exp-1', name: 'ALL vs HASH', createdAt: '2026-12-01T07:00:00.000Z', updatedAt: '2026-12-01T07:05:00.000Z', status: 'done',
  arms: [{ id: 'hash', label: 'HASH ≤ 6', params: { method: 'hash', algorithm: 'greedy', maxDistance: 6 }, backend: 'cpu', volumes: [{ volumeId: 'v', name: 'head', voxelSha256: 'ab', n: 108, kept: [0, 9] }] }],
  backend: 'auto', budget: 'time', budgetValue: 60, pretrain: pretrainPreset('tiny'), evalRuns: 2, evalProtocol: 'linear', evalEpochs: 3, task: { kind: 'proxy' },
  progress: [{ armId: 'hash', status: 'evaluated', slicesUsed: 2, stepsDone: 40, seconds: 60, backend: 'wasm', collapsed: false }],
  results: {
    task: 'proxy', isProxy: true, protocol: 'linear', notes: [], reports: [{ schema: 'ctsieve-evaluation/1' }],
    rows: [
      { armId: 'scratch', label: 'from scratch', slicesUsed: 0, pretrainSeconds: 0, runs: [{ auc: 0.6, f1: 0.5, accuracy: 0.55 }, { auc: 0.62, f1: 0.5, accuracy: 0.55 }], metrics: metrics(0.61) },
      { armId: 'hash', label: 'HASH ≤ 6', slicesUsed: 2, pretrainSeconds: 60, runs: [{ auc: 0.8, f1: 0.7, accuracy: 0.75 }, { auc: 0.82, f1: 0.7, accuracy: 0.75 }], metrics: metrics(0.81) },
    ],
  },
  bytes: 0,
};

describe('experiment exports', () => {
  it('zips the encoder directory and the safetensors beside it', () => {
    const zip = unzipSync(encoderZip({ files: [{ name: 'model.json', bytes: Uint8Array.of(1) }, { name: 'weights.bin', bytes: Uint8Array.of(2, 3) }], safetensors: Uint8Array.of(9), info: { arch: 'tiny', inputSize: 32, channels: 1, mean: 0.5, std: 0.25, featureDim: 8 } }));
    expect(Object.keys(zip).sort()).toEqual(['encoder.safetensors', 'encoder/model.json', 'encoder/weights.bin']);
    expect(Array.from(zip['encoder/weights.bin'])).toEqual([2, 3]);
  });

  it('the JSON report records the budget (equal wall time), the arms and the evaluation reports', () => {
    const r = JSON.parse(reportJson(record));
    expect(r.schema).toBe('ctsieve-experiment/1');
    expect(r.budget).toEqual({ mode: 'equal wall time', perArm: 60, unit: 'seconds' });
    expect(r.arms[0]).toMatchObject({ label: 'HASH ≤ 6', slicesUsed: 2, steps: 40, backend: 'wasm', volumes: [{ name: 'head', kept: 2, n: 108 }] });
    expect(r.results.isProxy).toBe(true);
    expect(r.evaluationReports).toHaveLength(1);
  });

  it('the CSV has one row per encoder with mean and std of each metric', () => {
    const lines = reportCsv(record).trim().split('\n');
    expect(lines[0]).toBe('encoder,slices_used,pretrain_seconds,runs,auc_mean,auc_std,f1_mean,f1_std,accuracy_mean,accuracy_std,collapsed,budget,task,proxy');
    expect(lines[2]).toBe('HASH ≤ 6,2,60.00,2,0.8100,0.0100,0.7100,0.0200,0.7600,0.0300,false,equal wall time 60 s,proxy,true');
    expect(slug('HASH ≤ 6 (leader)')).toBe('hash-6-leader');
  });
});
