/**
 * The Experiments feature's services, made on first use: its store, the IndexedDB database and the
 * controller over the worker engine (the setup's confusability preview goes through the controller's
 * previewEngine, so a run started or resumed cancels it). Tests build their own (createExperimentsStore, a fake engine).
 */
import type { StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { ExperimentController } from './controller';
import { createExperimentsStore, type ExperimentsState } from './experimentsStore';
import { ExperimentDb } from './storage/experimentDb';
import { WorkerExperimentEngine } from './workerEngine';

export const experimentsStore: StoreApi<ExperimentsState> = createExperimentsStore();

let controller: ExperimentController | null = null;
let engine: WorkerExperimentEngine | null = null;
let db: Promise<ExperimentDb> | null = null;

/** The experiment worker's engine: the run's, and the setup's confusability preview through controller.previewEngine (the same job, so the same numbers). */
export function experimentEngine(): WorkerExperimentEngine {
  engine ??= new WorkerExperimentEngine();
  return engine;
}

export function experimentController(): ExperimentController {
  controller ??= new ExperimentController(
    experimentEngine(),
    () => (db ??= ExperimentDb.open().catch((e: unknown) => { db = null; throw e; })),
    experimentsStore,
  );
  return controller;
}

export function useExperiments<T>(selector: (s: ExperimentsState) => T): T {
  return useStore(experimentsStore, selector);
}
