/**
 * The compute worker: a job host (./jobHost.ts) for `backend` and `similarity` jobs (HASH, SSIM,
 * NMI, DeepNet). Its tfjs backend is settled once, by the first job, and kept for the worker's life.
 */
/// <reference lib="webworker" />
import './tfjsWasm';
import { serveJobs, type JobScope } from './jobHost';
import { installBrowserPool } from './poolSpawner';
import { backendJob, similarityJob } from './similarityJobHandler';

// HASH, SSIM and NMI on the CPU run on one pool worker per core (./poolSpawner.ts), so this worker
// only coordinates and stays free to hear a cancel.
installBrowserPool();
serveJobs(self as unknown as JobScope, { backend: backendJob, similarity: similarityJob });
