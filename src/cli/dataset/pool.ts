/**
 * Runs volume jobs on `workers` worker threads (each holds one volume at a time), or in this
 * thread when workers is 1. Jobs are handed out one by one, so a slow volume never holds up a
 * queue. A worker that dies (out of memory, a crash in native code) fails its volume with the
 * reason and is replaced; the others go on.
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
  const done = (o: JobOutcome): void => {
    outcomes.push(o);
    onOutcome(o);
  };
  if (workers <= 1 || jobs.length <= 1) {
    for (const job of jobs) done(await processVolume(job));
    return outcomes;
  }
  const queue = [...jobs];
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, () => drain(queue, done)));
  return outcomes;
}

/** One worker thread taking jobs from the shared queue until it is empty. */
function drain(queue: VolumeJob[], done: (o: JobOutcome) => void): Promise<void> {
  return new Promise((resolve) => {
    let current: VolumeJob | undefined;
    let worker = startWorker();
    const next = (): void => {
      current = queue.shift();
      if (current) worker.postMessage(current);
      else void worker.terminate().then(() => resolve());
    };
    const listen = (): void => {
      worker.on('message', (o: JobOutcome) => {
        done(o);
        next();
      });
      worker.on('error', (err) => {
        if (current) done({ key: current.volume.key, status: 'failed', bytes: current.volume.bytes, seconds: 0, message: `worker thread died: ${err.message}` });
        worker = startWorker();
        listen();
        next();
      });
    };
    listen();
    next();
  });
}
