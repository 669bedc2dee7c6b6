/**
 * The experiment worker: a job host (./jobHost.ts) for `pretrain` (SwAV), `evaluate` and
 * `armConfusability` (each arm's confusability, as the CLI's `experiment` measures it) jobs, so
 * training never blocks the page. Its tfjs backend is settled once, by the first job.
 */
/// <reference lib="webworker" />
import './tfjsWasm';
import { settleBackend, settledLabel } from '../core/runtime/settleBackend';
import { serveJobs, type JobScope } from './jobHost';
import { armConfusabilityJob } from './experiment/armConfusabilityJob';
import { evaluateJob } from './experiment/evaluateJob';
import { pretrainJob } from './experiment/pretrainJob';

serveJobs(self as unknown as JobScope, {
  backend: async ({ backend }) => {
    const settled = await settleBackend(backend);
    return { result: { backend: settled.name, label: settledLabel(settled) } };
  },
  pretrain: pretrainJob,
  evaluate: evaluateJob,
  armConfusability: armConfusabilityJob,
});
