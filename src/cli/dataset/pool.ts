/**
 * Runs volume jobs on `workers` worker threads (each holds one volume at a time), or in this
 * thread when workers is 1. Jobs are handed out one by one, so a slow volume never holds up a
 * queue. A worker that dies (out of memory, a crash in native code) fails its volume with the
 * reason and is replaced; the others go on. A full disk (ENOSPC) stops the hand-out: see JobOutcome.diskFull.
 */
import { Worker } from 'node:worker_threads';
import { processVolume, type JobOutcome, type VolumeJob } from './job';

/** The worker script next to this module: .ts under tsx/vitest (loaded through tsx), .js when built. */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here));
  const script = new URL('./worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(script)}, ${JSON.stringify(here)}))`, { eval: true });
}

export async function runJobs(jobs: VolumeJob[], workers: number, onOutcome: (o: JobOutcome) => void): Promise<JobOutcome[]> {
  const outcomes: JobOutcome[] = [];
  const queue = [...jobs];
  const done = (o: JobOutcome): void => {
    outcomes.push(o);
    // A full disk fails every volume after it the same way: hand out no more (volumes in flight finish).
    if (o.diskFull) queue.length = 0;
    onOutcome(o);
  };
  if (workers <= 1 || jobs.length <= 1) {
    while (queue.length) done(await processVolume(queue.shift()!));
    return outcomes;
  }
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, () => drain(queue, done)));
  return outcomes;
}

/** One worker thread taking jobs from the shared queue until it is empty; a dead worker is replaced. */
function drain(queue: VolumeJob[], done: (o: JobOutcome) => void): Promise<void> {
  return new Promise((resolve) => {
    let current: VolumeJob | undefined;
    let worker: Worker;
    let finished = false;
    const next = (): void => {
      current = queue.shift();
      if (current) {
        worker.postMessage(current);
        return;
      }
      finished = true;
      void worker.terminate().then(() => resolve());
    };
    const died = (why: string): void => {
      if (finished) return;
      if (current) done({ key: current.volume.key, status: 'failed', bytes: current.volume.bytes, seconds: 0, message: `worker thread died: ${why}` });
      current = undefined;
      start();
      next();
    };
    const start = (): void => {
      const w = startWorker();
      worker = w;
      w.on('message', (o: JobOutcome) => {
        done(o);
        next();
      });
      // 'error' is followed by 'exit'; only the first report of a death counts.
      let dead = false;
      const once = (why: string) => {
        if (!dead && w === worker) {
          dead = true;
          died(why);
        }
      };
      w.on('error', (err) => once(err.message));
      w.on('exit', (code) => once(`exit code ${code}`));
    };
    start();
    next();
  });
}
