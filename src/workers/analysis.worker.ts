/**
 * The analysis worker: runs one analysis job (./analysis/analysisJob.ts) at a time, so CKA, t-SNE
 * and Grad-CAM never block the page. Messages: in {type:'run', params} | {type:'cancel'};
 * out {type:'progress', phase, done, total} | {type:'result', result} | {type:'error', message, cancelled}.
 */
/// <reference lib="webworker" />
import './tfjsWasm';
import { isAbortError } from '../core/runtime/abort';
import { runAnalysisJob } from './analysis/analysisJob';
import type { AnalysisWorkerRequest, AnalysisWorkerEvent } from './analysis/protocol';

let running: AbortController | null = null;
const post = (e: AnalysisWorkerEvent, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(e, transfer);

self.addEventListener('message', (event: MessageEvent<AnalysisWorkerRequest>) => {
  const msg = event.data;
  if (msg.type === 'cancel') {
    running?.abort();
    return;
  }
  if (running) {
    post({ type: 'error', message: 'an analysis is already running', cancelled: false });
    return;
  }
  const controller = new AbortController();
  running = controller;
  runAnalysisJob(msg.params, controller.signal, (phase, done, total) => post({ type: 'progress', phase, done, total })).then(
    (result) => post({ type: 'result', result }, result.images.map((i) => i.pixels.buffer as ArrayBuffer)),
    (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err), cancelled: controller.signal.aborted || isAbortError(err) }),
  ).finally(() => {
    running = null;
  });
});
