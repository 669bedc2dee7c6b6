/**
 * The compute worker: a job host (./jobHost.ts) for `backend` and `similarity` jobs (HASH, SSIM,
 * NMI, DeepNet) and `confusability` jobs (./confusabilityJob.ts). Its tfjs backend is settled once, by the first job, and kept for the worker's life.
 * While the pool computes, this worker's event loop stays free to hear a cancel.
 */
/// <reference lib="webworker" />
import './tfjsWasm';
import { serveJobs, type JobScope } from './jobHost';
import { backendJob, similarityJob } from './similarityJobHandler';
import { confusabilityJob } from './confusabilityJob';
import { installBrowserPool } from './poolSpawner';

// HASH, SSIM and NMI on the CPU run on one pool worker per core; this worker only coordinates.
installBrowserPool();

serveJobs(self as unknown as JobScope, { backend: backendJob, similarity: similarityJob, confusability: confusabilityJob });
