/**
 * A Node worker thread of the CPU pool (src/core/similarity/pool): runs each task it is sent
 * and replies with the scores (transferred). Started by ./poolNode.ts.
 */
import { parentPort } from 'node:worker_threads';
import { releaseKernel, runTask } from '../core/similarity/pool/blockTask';
import type { PoolRequest } from '../core/similarity/pool/types';

const port = parentPort;
if (!port) throw new Error('pool.worker.ts runs as a worker thread (started by src/cli/poolNode.ts)');
port.postMessage({ type: 'ready' });
port.on('message', (request: PoolRequest) => {
  if (request.type === 'release') return releaseKernel();
  const reply = runTask(request.task);
  port.postMessage(reply, reply.type === 'result' && reply.values ? [reply.values.buffer as ArrayBuffer] : []);
});
