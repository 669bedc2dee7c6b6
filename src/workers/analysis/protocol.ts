/** Messages between the Analysis view and its worker (../analysis.worker.ts). */
import type { AnalysisJobParams, AnalysisJobResult } from './analysisJob';

export type AnalysisWorkerRequest = { type: 'run'; params: AnalysisJobParams } | { type: 'cancel' };

export type AnalysisWorkerEvent =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'result'; result: AnalysisJobResult }
  | { type: 'error'; message: string; cancelled: boolean };
