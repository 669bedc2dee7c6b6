/**
 * Workers kept between runs (per spawner), so a second run, or one whose workers were started
 * ahead (`prewarm`, e.g. while the CLI reads the volume), pays no start-up. An idle worker has
 * dropped its kernel's memory (it was sent `release`) and, in Node, does not keep the process
 * alive. A run takes idle workers before it spawns; a failed or aborted run terminates its
 * workers instead of returning them.
 */
import type { PoolReply, PoolWorker, SpawnWorker } from './types';

export interface WarmWorker {
  worker: PoolWorker;
  /** Whether it has said `ready` (a run feeds it at once, else on its `ready`). */
  ready: boolean;
}

const idle = new Map<SpawnWorker, WarmWorker[]>();

function listFor(spawn: SpawnWorker): WarmWorker[] {
  let list = idle.get(spawn);
  if (!list) idle.set(spawn, (list = []));
  return list;
}

/** Puts a worker in the idle list: it only listens for `ready` and for its own failure. */
function park(spawn: SpawnWorker, entry: WarmWorker): void {
  const list = listFor(spawn);
  entry.worker.onReply((reply: PoolReply) => { if (reply.type === 'ready') entry.ready = true; });
  entry.worker.onFailure(() => {
    const k = list.indexOf(entry);
    if (k >= 0) list.splice(k, 1);
  });
  entry.worker.setIdle?.(true);
  list.push(entry);
}

/** An idle worker of this spawner, or undefined. */
export function takeIdle(spawn: SpawnWorker): WarmWorker | undefined {
  const entry = idle.get(spawn)?.pop();
  entry?.worker.setIdle?.(false);
  return entry;
}

/** Returns a worker after a successful run (at most `keep` stay idle; the rest are terminated). */
export function returnIdle(spawn: SpawnWorker, worker: PoolWorker, keep: number): void {
  if (listFor(spawn).length >= keep) return worker.terminate();
  worker.post({ type: 'release' }, []);
  park(spawn, { worker, ready: true });
}

/** Starts workers until `count` are idle or starting for this spawner. */
export function prewarm(spawn: SpawnWorker, count: number): void {
  for (let k = listFor(spawn).length; k < count; k++) park(spawn, { worker: spawn(), ready: false });
}

/** Terminates every idle worker (all spawners, or one). */
export function drainIdle(spawn?: SpawnWorker): void {
  for (const [s, list] of idle) {
    if (spawn && s !== spawn) continue;
    for (const { worker } of list.splice(0)) worker.terminate();
  }
}
