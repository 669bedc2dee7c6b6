/**
 * The CPU pool on Node worker_threads (Node only: the CLI, benchmarks and tests). Worker threads
 * run ./pool.worker.ts; from TypeScript sources (tsx, vitest) a two-line bootstrap registers tsx's
 * ESM hooks in the thread first (Node 20 does not pass a parent's hooks or `--import` to
 * workers); from compiled JavaScript they run pool.worker.js beside this file.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { configurePool, prewarmPool } from '../core/similarity/pool/config';
import type { PoolReply, PoolWorker, SpawnWorker } from '../core/similarity/pool/types';

function startWorker(): () => Worker {
  if (!import.meta.url.endsWith('.ts')) {
    // Built (scripts/build-cli.mjs): dist-cli/pool.worker.js, beside this file or one folder up (chunks/).
    const candidates = [new URL('./pool.worker.js', import.meta.url), new URL('../pool.worker.js', import.meta.url)];
    const url = candidates.find((u) => existsSync(fileURLToPath(u))) ?? candidates[0];
    return () => new Worker(url);
  }
  const entry = new URL('./pool.worker.ts', import.meta.url).href;
  // tsx's "./esm/api" export, import condition (require.resolve would pick the CommonJS file).
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return () => new Worker(bootstrap, { eval: true });
}

/** Spawns worker_threads running the pool worker. */
export function nodePoolSpawner(): SpawnWorker {
  const start = startWorker();
  return (): PoolWorker => {
    const worker = start();
    let failed = false;
    let onFailure: ((message: string) => void) | undefined;
    let onReply: ((reply: PoolReply) => void) | undefined;
    worker.on('message', (reply: PoolReply) => onReply?.(reply));
    const fail = (message: string) => {
      if (failed) return;
      failed = true;
      onFailure?.(message);
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => { if (code !== 0) fail(`exited with code ${code}`); });
    return {
      post: (request, transfer) => worker.postMessage(request, transfer),
      onReply: (listener) => { onReply = listener; },
      setIdle: (idle) => (idle ? worker.unref() : worker.ref()),
      onFailure: (listener) => { onFailure = listener; },
      terminate: () => {
        failed = true; // a terminate is not a failure
        void worker.terminate();
      },
    };
  };
}

/** Threads the CLI uses by default: every core the OS offers this process. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** Makes the similarity kernels of this process use worker threads. */
export function installNodePool(threads = defaultThreads()): void {
  // The main thread computes too: Node has no UI to keep free, and a worker needs ~0.1–2 s to start.
  configurePool({ spawn: nodePoolSpawner(), threads, callerRuns: true });
  // Start them now: they are ready by the time a volume has been read (~0.4 s each here).
  prewarmPool();
}
