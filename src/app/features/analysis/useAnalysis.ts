/** The Analysis view's run (the caller keys its component by experiment, so another experiment starts idle): idle → running (phase, progress) → done | failed | cancelled, with cancel. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentRecord } from '../experiments/types';
import type { AnalysisJobResult } from '../../../workers/analysis/analysisJob';
import { AnalysisCancelled, startAnalysis, type AnalysisRun } from './analysisClient';
import { analysisRequest } from './analysisRequest';

export type AnalysisState =
  | { status: 'idle' }
  | { status: 'running'; phase: string; done: number; total: number }
  | { status: 'done'; result: AnalysisJobResult }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' };

export function useAnalysis(record: ExperimentRecord): { state: AnalysisState; run(): void; cancel(): void } {
  const [state, setState] = useState<AnalysisState>({ status: 'idle' });
  const current = useRef<AnalysisRun | null>(null);
  /** Cancel pressed while the request was still being prepared (before the worker started). */
  const cancelEarly = useRef(false);
  useEffect(() => () => current.current?.cancel(), []);
  const run = useCallback(() => {
    setState({ status: 'running', phase: 'preparing', done: 0, total: 1 });
    cancelEarly.current = false;
    void (async () => {
      try {
        const { params, transfer } = await analysisRequest(record);
        const r = startAnalysis(params, transfer, (phase, done, total) => setState({ status: 'running', phase, done, total }));
        current.current = r;
        if (cancelEarly.current) r.cancel();
        const result = await r.promise;
        setState({ status: 'done', result });
      } catch (e) {
        setState(e instanceof AnalysisCancelled ? { status: 'cancelled' } : { status: 'failed', error: e instanceof Error ? e.message : String(e) });
      } finally {
        current.current = null;
      }
    })();
  }, [record]);
  const cancel = useCallback(() => {
    cancelEarly.current = true;
    current.current?.cancel();
  }, []);
  return { state, run, cancel };
}
