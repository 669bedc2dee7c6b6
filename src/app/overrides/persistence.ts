/**
 * Reviewer overrides survive a reload: they are saved in IndexedDB (database `ctsieve-overrides`,
 * its own database so the result cache's schema is untouched) keyed by the volume's voxelSha256,
 * so the same voxels opened again — from any file name or folder — get their overrides back.
 * IndexedDB failures (private mode, quota) cost only the persistence and are logged.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { AppState } from '../store';
import type { OverrideMap } from '../store/overridesSlice';

const DB_NAME = 'ctsieve-overrides';
const STORE = 'overrides';

interface SavedOverrides {
  overrides: OverrideMap;
  slices: number;
  savedAt: string;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Overrides by voxelSha256 in IndexedDB. */
export class OverrideStore {
  private db: Promise<IDBDatabase | null> | null = null;

  /** `factory` is indexedDB in the browser; undefined keeps nothing. */
  constructor(private readonly factory: IDBFactory | undefined = globalThis.indexedDB) {}

  async load(voxelSha256: string): Promise<OverrideMap | undefined> {
    const db = await this.database();
    if (!db) return undefined;
    const saved = await request<SavedOverrides | undefined>(db.transaction(STORE, 'readonly').objectStore(STORE).get(voxelSha256));
    return saved?.overrides;
  }

  async save(voxelSha256: string, overrides: OverrideMap, slices: number): Promise<void> {
    const db = await this.database();
    if (!db) return;
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    if (Object.keys(overrides).length === 0) await request(store.delete(voxelSha256));
    else await request(store.put({ overrides, slices, savedAt: new Date().toISOString() } satisfies SavedOverrides, voxelSha256));
  }

  private database(): Promise<IDBDatabase | null> {
    if (!this.factory) return Promise.resolve(null);
    this.db ??= new Promise<IDBDatabase | null>((resolve) => {
      const open = this.factory!.open(DB_NAME, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => {
        console.warn('ctsieve: IndexedDB unavailable, overrides are kept for this session only:', open.error);
        resolve(null);
      };
    });
    return this.db;
  }
}

/**
 * Keeps the store's overrides and IndexedDB in step: once a volume is hashed its saved overrides
 * are restored (merged under any made before the hash was known), then every change is saved.
 * Returns a function that stops it. `whenIdle()` on the result resolves once pending reads and
 * writes are done (for tests).
 */
export function persistOverrides(app: StoreApi<AppState>, saved: OverrideStore): { stop: () => void; whenIdle: () => Promise<void> } {
  const restored = new Map<string, string>(); // volumeId → voxelSha256 whose saved overrides were read
  const written = new Map<string, OverrideMap | undefined>(); // volumeId → the map last saved
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>) => {
    queue = queue.then(job).catch((e: unknown) => console.warn('ctsieve: overrides not persisted:', e));
  };
  const sync = (s: AppState) => {
    // A closed volume forgets its state here, so opening it again restores from IndexedDB.
    const open = new Set(s.volumes.map((v) => v.id));
    for (const id of [...restored.keys()]) if (!open.has(id)) { restored.delete(id); written.delete(id); }
    for (const v of s.volumes) {
      const sha = v.voxelSha256;
      if (!sha) continue;
      if (restored.get(v.id) !== sha) {
        restored.set(v.id, sha);
        enqueue(async () => {
          const before = await saved.load(sha);
          const now = app.getState();
          const mine = now.overrides[v.id] ?? {};
          if (before && Object.keys(before).length > 0) {
            now.restoreOverrides(v.id, { ...before, ...mine });
            now.reportErrors([{ file: v.name, message: `restored ${Object.keys(before).length} reviewer override(s) saved for these voxels`, kind: 'notice' }]);
          }
          written.set(v.id, app.getState().overrides[v.id]);
          sync(app.getState());
        });
        continue;
      }
      if (!written.has(v.id)) continue; // still restoring
      const current = s.overrides[v.id];
      if (current === written.get(v.id)) continue;
      written.set(v.id, current);
      enqueue(() => saved.save(sha, current ?? {}, v.slices));
    }
  };
  const stop = app.subscribe(sync);
  sync(app.getState());
  return { stop, whenIdle: () => queue };
}
