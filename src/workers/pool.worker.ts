/**
 * A Web Worker of the CPU pool (src/core/similarity/pool): runs each task it is sent and replies
 * with the scores (transferred). Started by ./poolSpawner.ts from the compute worker.
 */
/// <reference lib="webworker" />
import { releaseKernel, runTask } from '../core/similarity/pool/blockTask';
import type { PoolRequest } from '../core/similarity/pool/types';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.postMessage({ type: 'ready' });
scope.onmessage = (event: MessageEvent<PoolRequest>) => {
  const request = event.data;
  if (request.type === 'release') return releaseKernel();
  const reply = runTask(request.task);
  scope.postMessage(reply, reply.type === 'result' && reply.values ? [reply.values.buffer as ArrayBuffer] : []);
};
