/** Worker thread of `dataset reduce`: runs the volume jobs it is sent, one at a time (./job.ts). */
import { parentPort } from 'node:worker_threads';
import { processVolume, type VolumeJob } from './job';

parentPort?.on('message', (job: VolumeJob) => {
  void processVolume(job).then((outcome) => parentPort?.postMessage(outcome));
});
