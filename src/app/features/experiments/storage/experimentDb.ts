/**
 * Experiments in IndexedDB (database "ctsieve-experiments", apart from the similarity cache):
 *
 *   experiments  ExperimentRecord by id (small: config, per-arm progress, results)
 *   histories    per arm, the step metrics so far         key "<experimentId>/<armId>"
 *   checkpoints  per arm, the latest training checkpoint  (serialised bytes)
 *   encoders     per arm, the trained encoder (tfjs model files, ctsieve-encoder.json, safetensors)
 *   manifests    per arm, the ctsieve-manifest/1 of the slices it trained on
 *   tasks        the user's labelled files (armId 'task'), so a resumed experiment evaluates the same
 *
 * Every write that belongs together (checkpoint + history + the record's progress) is one
 * transaction, so a reload or a full disk never leaves a checkpoint without its history or a
 * record pointing at a checkpoint that is not there. The record counts the bytes it holds
 * (`bytes`, and per part in `parts`) so the panel can show storage use per experiment.
 * No React here: tested in Node with fake-indexeddb.
 */
import type { ExperimentRecord } from '../types';
import { inTransaction, openDatabase, requestResult } from './idb';

export const EXPERIMENT_DB_NAME = 'ctsieve-experiments';
const DB_VERSION = 1;
const EXPERIMENTS = 'experiments';
const PARTS = ['histories', 'checkpoints', 'encoders', 'manifests', 'tasks'] as const;
export type PartStore = (typeof PARTS)[number];

/** A stored training checkpoint: the step it was taken at and the engine's serialised bytes. */
export interface StoredCheckpoint {
  step: number;
  bytes: Uint8Array;
}

/** The record as stored: with the size of each part it owns. */
type RecordRow = ExperimentRecord & { parts?: Record<string, number> };

export function partKey(experimentId: string, armId: string): string {
  return `${experimentId}/${armId}`;
}

/** Approximate stored size of a value: byte arrays by length, everything else as JSON text. */
export function approximateBytes(value: unknown): number {
  let bytes = 0;
  const json = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array || v instanceof ArrayBuffer) { bytes += v.byteLength; return 0; }
    return v;
  });
  return bytes + (json?.length ?? 0);
}

/** The record with its byte count recomputed: its own JSON plus every part it owns. */
function recounted(row: RecordRow): RecordRow {
  const partBytes = Object.values(row.parts ?? {}).reduce((s, b) => s + b, 0);
  return { ...row, bytes: partBytes + approximateBytes({ ...row, parts: undefined, bytes: 0 }) };
}

function withoutParts(row: RecordRow | undefined): ExperimentRecord | undefined {
  if (!row) return undefined;
  const { parts: _parts, ...record } = row;
  return record;
}

/** One or more parts written together with the record that owns them. */
export interface PartWrite {
  store: PartStore;
  armId: string;
  value: unknown;
}

export class ExperimentDb {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (creating on first use) the experiments database. */
  static async open(factory: IDBFactory | null | undefined = globalThis.indexedDB, name = EXPERIMENT_DB_NAME): Promise<ExperimentDb> {
    if (!factory) throw new Error('IndexedDB is not available in this browser (private mode?): experiments cannot be stored');
    const db = await openDatabase(factory, name, DB_VERSION, (d) => {
      if (!d.objectStoreNames.contains(EXPERIMENTS)) d.createObjectStore(EXPERIMENTS, { keyPath: 'id' });
      for (const p of PARTS) if (!d.objectStoreNames.contains(p)) d.createObjectStore(p);
    });
    return new ExperimentDb(db);
  }

  close(): void {
    this.db.close();
  }

  /** Every stored experiment, newest first. */
  async list(): Promise<ExperimentRecord[]> {
    const rows = await inTransaction(this.db, [EXPERIMENTS], 'readonly', 'the experiment list', (tx) =>
      requestResult(tx.objectStore(EXPERIMENTS).getAll() as IDBRequest<RecordRow[]>));
    return rows.map((r) => withoutParts(r) as ExperimentRecord).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async get(id: string): Promise<ExperimentRecord | undefined> {
    const row = await this.getRow(id);
    return withoutParts(row);
  }

  /**
   * Writes the record and any parts in ONE transaction; returns the record as stored (with its
   * byte count updated). `what` names the write in error messages ("the checkpoint of arm ALL").
   */
  async save(record: ExperimentRecord, parts: PartWrite[] = [], what = `experiment "${record.name}"`): Promise<ExperimentRecord> {
    const stores = [EXPERIMENTS, ...new Set(parts.map((p) => p.store))];
    const saved = await inTransaction(this.db, stores, 'readwrite', what, async (tx) => {
      const experiments = tx.objectStore(EXPERIMENTS);
      const old = await requestResult(experiments.get(record.id) as IDBRequest<RecordRow | undefined>);
      const sizes = { ...(old?.parts ?? {}) };
      for (const p of parts) {
        const key = partKey(record.id, p.armId);
        tx.objectStore(p.store).put(p.value, key);
        sizes[`${p.store}:${key}`] = approximateBytes(p.value);
      }
      const row = recounted({ ...record, parts: sizes, updatedAt: new Date().toISOString() });
      experiments.put(row);
      return row;
    });
    return withoutParts(saved) as ExperimentRecord;
  }

  async getPart<T>(store: PartStore, experimentId: string, armId: string): Promise<T | undefined> {
    return inTransaction(this.db, [store], 'readonly', `the ${store} of ${experimentId}`, (tx) =>
      requestResult(tx.objectStore(store).get(partKey(experimentId, armId)) as IDBRequest<T | undefined>));
  }

  /** Deletes an experiment and everything it owns, in one transaction. */
  async delete(id: string): Promise<void> {
    const range = IDBKeyRange.bound(`${id}/`, `${id}/\uffff`);
    await inTransaction(this.db, [EXPERIMENTS, ...PARTS], 'readwrite', `the deletion of experiment ${id}`, (tx) => {
      tx.objectStore(EXPERIMENTS).delete(id);
      for (const p of PARTS) tx.objectStore(p).delete(range);
    });
  }

  private getRow(id: string): Promise<RecordRow | undefined> {
    return inTransaction(this.db, [EXPERIMENTS], 'readonly', `experiment ${id}`, (tx) =>
      requestResult(tx.objectStore(EXPERIMENTS).get(id) as IDBRequest<RecordRow | undefined>));
  }
}

/** The browser's own storage figures for this origin, when it gives them. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | undefined> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.estimate) return undefined;
  const { usage, quota } = await storage.estimate();
  return usage !== undefined && quota !== undefined ? { usage, quota } : undefined;
}
