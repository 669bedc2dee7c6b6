/**
 * One protocol for every long-running job in a Web Worker (similarity, DeepNet, and next SwAV
 * pre-training and evaluation). Messages carry the job's id; bulky buffers are transferred.
 *
 *   app → worker: start {jobId, kind, params} · pause · resume · cancel
 *   worker → app: progress {done, total, metrics?} · checkpoint {bytes} · paused · resumed
 *                 · result {result} · error {message, cancelled}
 *
 * A job ends with exactly one `result` or `error` (cancelled: true when it was cancelled).
 * `paused` is sent when the job actually holds at one of its pause points and `resumed` when it
 * goes on; kinds without pause points (similarity) never pause. Host: ./jobHost.ts; app side:
 * src/app/jobs/JobClient.ts; store: src/app/store/jobsSlice.ts.
 *
 * Kinds are typed by JobKinds: params, result and (optionally) the metrics its progress carries.
 * A module that adds a kind declares it beside its handler:
 *
 *   declare module './jobProtocol' {
 *     interface JobKinds { pretrain: { params: PretrainJobParams; result: PretrainJobResult; metrics: { loss: number; lr: number } } }
 *   }
 */
import type { BackendRequest } from '../core/backend/types';
import type { SimilarityJobMetrics, SimilarityJobParams, SimilarityJobResult } from './similarityJob';

/** Which backend a worker settled (the `backend` job: start it early for the badge). */
export interface BackendReport {
  backend: string;
  label: string;
}

/** Every job kind with its params and result (extend by declaration merging, see above). */
export interface JobKinds {
  /** Settles the worker's backend once and reports it. */
  backend: { params: { backend: BackendRequest }; result: BackendReport };
  /** One volume's n×n similarity matrix (HASH, SSIM, NMI, DeepNet with the bundled or a user's model). */
  similarity: { params: SimilarityJobParams; result: SimilarityJobResult; metrics: SimilarityJobMetrics };
}

export type JobKind = keyof JobKinds & string;
export type JobParams<K extends JobKind> = JobKinds[K]['params'];
export type JobResult<K extends JobKind> = JobKinds[K]['result'];

/** Small, typed, per-progress numbers or labels (loss, lr, backend…); never tensors. */
export type JobMetrics = Record<string, number | string>;

/** The metrics a kind's progress carries (JobKinds[K].metrics, else any JobMetrics). */
export type JobMetricsOf<K extends JobKind> = JobKinds[K] extends { metrics: infer M extends JobMetrics } ? M : JobMetrics;

export type JobStart = { [K in JobKind]: { type: 'start'; jobId: string; kind: K; params: JobParams<K> } }[JobKind];

export type JobRequest = JobStart | { type: 'pause' | 'resume' | 'cancel'; jobId: string };

export type JobEvent =
  | { type: 'progress'; jobId: string; done: number; total: number; metrics?: JobMetrics }
  /** A serialised checkpoint (transferred); the app may persist it to resume the job later. */
  | { type: 'checkpoint'; jobId: string; bytes: ArrayBuffer }
  | { type: 'paused' | 'resumed'; jobId: string }
  | { type: 'result'; jobId: string; result: unknown }
  | { type: 'error'; jobId: string; message: string; cancelled: boolean };
