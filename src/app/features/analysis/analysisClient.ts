/** Starts one analysis in a fresh worker (src/workers/analysis.worker.ts); cancel stops it, the worker ends with the run. */
import type { AnalysisJobParams, AnalysisJobResult } from '../../../workers/analysis/analysisJob';
import type { AnalysisWorkerEvent, AnalysisWorkerRequest } from '../../../workers/analysis/protocol';

export interface AnalysisRun {
  promise: Promise<AnalysisJobResult>;
  cancel(): void;
}

export class AnalysisCancelled extends Error {
  override name = 'AnalysisCancelled';
}

export function startAnalysis(params: AnalysisJobParams, transfer: Transferable[], onProgress: (phase: string, done: number, total: number) => void): AnalysisRun {
  const worker = new Worker(new URL('../../../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'ctsieve-analysis' });
  const post = (m: AnalysisWorkerRequest, t: Transferable[] = []) => worker.postMessage(m, t);
  const promise = new Promise<AnalysisJobResult>((resolve, reject) => {
    worker.onmessage = (ev: MessageEvent<AnalysisWorkerEvent>) => {
      const e = ev.data;
      if (e.type === 'progress') onProgress(e.phase, e.done, e.total);
      else {
        worker.terminate();
        if (e.type === 'result') resolve(e.result);
        else reject(e.cancelled ? new AnalysisCancelled('analysis cancelled') : new Error(e.message));
      }
    };
    worker.onerror = (ev) => {
      worker.terminate();
      reject(new Error(`analysis worker: ${ev.message}`));
    };
  });
  post({ type: 'run', params }, transfer);
  return { promise, cancel: () => post({ type: 'cancel' }) };
}
