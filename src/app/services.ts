/**
 * Per-store services: what the app needs beside its state but must not put in it (matrices, model
 * bytes, the compute job client, memo caches). One set per store, so tests — and two stores — never
 * share them. The state carries a stable reference (`s.services`), never replaced.
 */
import { ResultRegistry } from './analysis/results';
import type { ReductionResult } from '../core/reduction/types';
import { ModelFileRegistry } from './features/deepnet/modelRegistry';
import { JobClient, type JobHandle, type WorkerLike } from './jobs/JobClient';
import { ResultCache } from './compute/cache';

/** The compute worker's job client and the result cache (IndexedDB), with the run in flight. */
export interface ComputeServices {
  client: JobClient;
  cache: ResultCache;
  running: JobHandle<'similarity'> | null;
}

/** The memo of selectDecision: the last inputs and their decision. */
export interface DecisionMemo {
  inputs: unknown[];
  output: ReductionResult | undefined;
}

export interface AppServices {
  compute: ComputeServices;
  results: ResultRegistry;
  models: ModelFileRegistry;
  decision: DecisionMemo;
}

function computeWorker(): WorkerLike {
  return new Worker(new URL('../workers/compute.worker.ts', import.meta.url), { type: 'module', name: 'ctsieve-compute' });
}

/** Fresh services; the worker and IndexedDB are only opened on first use. Tests pass their own compute. */
export function createServices(overrides: { compute?: Omit<ComputeServices, 'running'> } = {}): AppServices {
  const compute = overrides.compute ?? { client: new JobClient(computeWorker), cache: new ResultCache() };
  return {
    compute: { ...compute, running: null },
    results: new ResultRegistry(),
    models: new ModelFileRegistry(),
    decision: { inputs: [], output: undefined },
  };
}
