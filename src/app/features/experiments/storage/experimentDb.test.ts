import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pretrainPreset } from '../../../../core/ssl/presets';
import type { ExperimentRecord } from '../types';
import { ExperimentDb, type StoredCheckpoint } from './experimentDb';
import { StorageFullError } from './idb';

function record(id: string, createdAt = '2026-12-01T07:00:00.000Z'): ExperimentRecord {
  return {
    id, name: `exp ${id}`, createdAt, updatedAt: createdAt, status: 'running',
    arms: [{ id: 'all', label: 'ALL', params: { method: 'all' }, backend: 'none', volumes: [{ volumeId: 'v', name: 'v', voxelSha256: 'ab', n: 3, kept: [0, 1, 2] }] }],
    backend: 'cpu', budget: 'steps', budgetValue: 10,
    pretrain: pretrainPreset('tiny'),
    evalRuns: 5, evalProtocol: 'linear', evalEpochs: 3, task: { kind: 'proxy' },
    progress: [{ armId: 'all', status: 'training', slicesUsed: 3, stepsDone: 0, seconds: 0 }],
    bytes: 0,
  };
}

const checkpoint = (step: number, size = 1000): StoredCheckpoint => ({ step, bytes: new Uint8Array(size).fill(step) });

describe('ExperimentDb', () => {
  let db: ExperimentDb;
  beforeEach(async () => {
    db = await ExperimentDb.open(new IDBFactory());
  });
  afterEach(() => {
    db.close();
    vi.restoreAllMocks();
  });

  it('stores experiments and lists them newest first, without internal bookkeeping', async () => {
    await db.save(record('a', '2026-12-01T07:00:00.000Z'));
    await db.save(record('b', '2026-12-01T08:00:00.000Z'));
    const list = await db.list();
    expect(list.map((r) => r.id)).toEqual(['b', 'a']);
    expect(list[0]).not.toHaveProperty('parts');
    expect((await db.get('a'))?.arms[0].volumes[0].kept).toEqual([0, 1, 2]);
  });

  it('writes a checkpoint with its history and record in one go, and counts the bytes held', async () => {
    const saved = await db.save(record('a'), [
      { store: 'checkpoints', armId: 'all', value: checkpoint(5, 4000) },
      { store: 'histories', armId: 'all', value: [{ step: 1, loss: 6.2 }] },
    ]);
    expect(saved.bytes).toBeGreaterThan(4000);
    const got = await db.getPart<StoredCheckpoint>('checkpoints', 'a', 'all');
    expect(got?.step).toBe(5);
    expect(Array.from(got!.bytes.slice(0, 3))).toEqual([5, 5, 5]);
    // Replacing a part replaces its size instead of adding to it.
    const again = await db.save(saved, [{ store: 'checkpoints', armId: 'all', value: checkpoint(6, 4000) }]);
    expect(again.bytes).toBeGreaterThan(4000);
    expect(again.bytes).toBeLessThan(8000);
    expect((await db.get('a'))?.bytes).toBe(again.bytes);
  });

  it('deletes an experiment with every part it owns and nothing of another', async () => {
    await db.save(record('a'), [{ store: 'checkpoints', armId: 'all', value: checkpoint(1) }]);
    await db.save(record('ab'), [{ store: 'checkpoints', armId: 'all', value: checkpoint(2) }]);
    await db.delete('a');
    expect(await db.get('a')).toBeUndefined();
    expect(await db.getPart('checkpoints', 'a', 'all')).toBeUndefined();
    expect((await db.getPart<StoredCheckpoint>('checkpoints', 'ab', 'all'))?.step).toBe(2);
  });

  it('storage full: a clear error, and nothing of the failed write is stored (no half-written checkpoint)', async () => {
    const first = await db.save(record('a'), [
      { store: 'checkpoints', armId: 'all', value: checkpoint(1) },
      { store: 'histories', armId: 'all', value: [{ step: 1 }] },
    ]);
    const put = IDBObjectStore.prototype.put;
    // The browser refuses the checkpoint (a quota error) after the history was already put.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'checkpoints') throw new DOMException('quota', 'QuotaExceededError');
      return put.call(this, value, key);
    });
    const next = { ...first, progress: [{ ...first.progress[0], stepsDone: 2, checkpointStep: 2 }] };
    const write = db.save(next, [
      { store: 'histories', armId: 'all', value: [{ step: 1 }, { step: 2 }] },
      { store: 'checkpoints', armId: 'all', value: checkpoint(2) },
    ], 'the checkpoint of arm ALL at step 2');
    await expect(write).rejects.toBeInstanceOf(StorageFullError);
    await expect(write).rejects.toThrow(/storage is full: the checkpoint of arm ALL at step 2 was not saved/);
    vi.restoreAllMocks();
    expect(await db.getPart('histories', 'a', 'all')).toEqual([{ step: 1 }]);
    expect((await db.getPart<StoredCheckpoint>('checkpoints', 'a', 'all'))?.step).toBe(1);
    expect((await db.get('a'))?.progress[0].checkpointStep).toBeUndefined();
  });

  it('a quota error reported by the transaction itself (as browsers do at commit) is a StorageFullError too', async () => {
    const transaction = IDBDatabase.prototype.transaction;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = transaction.apply(this, args);
      if (args[1] === 'readwrite') {
        queueMicrotask(() => {
          tx.abort();
          // As a browser refusing the commit: the abort event carries a QuotaExceededError.
          Object.defineProperty(tx, 'error', { value: new DOMException('quota', 'QuotaExceededError') });
        });
      }
      return tx;
    });
    await expect(db.save(record('z'))).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await db.get('z')).toBeUndefined();
  });

  it('says when IndexedDB is missing altogether', async () => {
    await expect(ExperimentDb.open(null)).rejects.toThrow(/IndexedDB is not available/);
  });
});
