/**
 * Similarity results cached per (volume voxelSha256, method, params): in memory for the session
 * and in IndexedDB so reopening a volume does not recompute. IndexedDB failures (private mode,
 * quota) only cost the persistence, never the result.
 */
import type { SimilarityJobResult } from '../../workers/similarityJob';

const DB_NAME = 'ctsieve';
const STORE = 'similarity';
const DB_VERSION = 1;

/** The cache key: content hash of the voxels, the method and its value-affecting parameters. */
export function cacheKey(voxelSha256: string, method: string, params: Record<string, unknown> = {}): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]]);
  return `${voxelSha256}|${method}|${JSON.stringify(sorted)}`;
}

function openDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
}

function inTransaction<T>(db: IDBDatabase, mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = op(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

export class ResultCache {
  private readonly memory = new Map<string, SimilarityJobResult>();
  private db: Promise<IDBDatabase | null> | null = null;

  /** `factory` is indexedDB in the browser; undefined disables persistence. */
  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  async get(key: string): Promise<SimilarityJobResult | undefined> {
    const hit = this.memory.get(key);
    if (hit) return hit;
    const db = await this.database();
    if (!db) return undefined;
    const stored = await inTransaction<SimilarityJobResult | undefined>(db, 'readonly', (s) => s.get(key)).catch(() => undefined);
    if (stored) this.memory.set(key, stored);
    return stored;
  }

  async put(key: string, result: SimilarityJobResult): Promise<void> {
    this.memory.set(key, result);
    const db = await this.database();
    if (db) await inTransaction(db, 'readwrite', (s) => s.put(result, key)).catch((e: unknown) => console.warn('ctsieve: result not persisted:', e));
  }

  /** Drops the in-memory copies (IndexedDB keeps its own). */
  clearMemory(): void {
    this.memory.clear();
  }

  private database(): Promise<IDBDatabase | null> {
    if (!this.factory) return Promise.resolve(null);
    this.db ??= openDb(this.factory).catch((e: unknown) => {
      console.warn('ctsieve: IndexedDB unavailable, results are cached for this session only:', e);
      return null;
    });
    return this.db;
  }
}
