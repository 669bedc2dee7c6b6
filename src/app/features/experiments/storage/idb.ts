/**
 * Small promise helpers over IndexedDB: open with an upgrade callback, run one transaction over
 * several object stores and resolve only when it COMMITTED (oncomplete), so a caller never
 * believes a write landed that the browser rolled back. A failed request aborts the whole
 * transaction: either every put of it is stored or none is.
 */

/** Thrown when the browser refuses a write for lack of space (QuotaExceededError). */
export class StorageFullError extends Error {
  constructor(what: string) {
    super(`Browser storage is full: ${what} was not saved (nothing was half-written). Delete an old experiment or free disk space, then resume.`);
    this.name = 'StorageFullError';
  }
}

function isQuotaError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** Maps a transaction's failure to an Error naming what was being written. */
export function storageError(error: unknown, what: string): Error {
  if (isQuotaError(error)) return new StorageFullError(what);
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error ?? 'unknown error');
  return new Error(`IndexedDB: ${what} was not saved (${message || 'transaction aborted'})`);
}

export function openDatabase(factory: IDBFactory, name: string, version: number, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name, version);
    request.onupgradeneeded = () => upgrade(request.result);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`IndexedDB: cannot open "${name}" (${request.error?.message ?? 'unknown error'})`));
    request.onblocked = () => reject(new Error(`IndexedDB: "${name}" is held open by another tab with an older version; close it and reload`));
  });
}

/** Resolves a request's result. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Runs `body` in one transaction over `stores` and resolves with its value once the transaction
 * has committed. `body` must issue its requests synchronously (IndexedDB commits a transaction as
 * soon as no request is pending); it may return a promise of values read inside it.
 * Anything thrown by `body`, a failed request or a refused commit aborts everything.
 */
export function inTransaction<T>(
  db: IDBDatabase, stores: string[], mode: IDBTransactionMode, what: string,
  body: (tx: IDBTransaction) => T | Promise<T>,
): Promise<Awaited<T>> {
  return new Promise((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(stores, mode);
    } catch (e) {
      reject(storageError(e, what));
      return;
    }
    let value: Awaited<T>;
    let failure: unknown;
    tx.oncomplete = () => resolve(value);
    tx.onabort = () => reject(storageError(tx.error ?? failure, what));
    // Request errors bubble to the transaction; the abort that follows reports them once.
    tx.onerror = (event) => { failure ??= (event.target as IDBRequest | null)?.error ?? tx.error; };
    try {
      Promise.resolve(body(tx)).then((v) => { value = v; }, (e: unknown) => { failure ??= e; safeAbort(tx); });
    } catch (e) {
      failure = e;
      safeAbort(tx);
    }
  });
}

function safeAbort(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborting.
  }
}
