/**
 * Reading input in the read worker. `readSources` posts the sources, forwards progress and
 * resolves with the core ReadResult (voxels transferred); a failure rejects with an Error that
 * keeps the failing file's name in `file`, like core's VolumeReadError.
 */
import type { ReadResult } from '../../core/volume/input';
import type { ReadMessage, ReadSource } from '../../workers/readProtocol';

export type SourceReader = (sources: ReadSource[], onProgress: (done: number, total: number) => void) => Promise<ReadResult>;

export class ReadFailure extends Error {
  constructor(message: string, readonly file?: string) {
    super(message);
    this.name = 'ReadFailure';
  }
}

let worker: Worker | null = null;
let nextId = 1;

export const readSourcesInWorker: SourceReader = (sources, onProgress) => {
  worker ??= new Worker(new URL('../../workers/read.worker.ts', import.meta.url), { type: 'module', name: 'ctsieve-read' });
  const id = nextId++;
  const target = worker;
  return new Promise<ReadResult>((resolve, reject) => {
    const onMessage = (event: MessageEvent<ReadMessage>) => {
      const message = event.data;
      if (message.id !== id) return;
      if (message.type === 'read-progress') return onProgress(message.done, message.total);
      target.removeEventListener('message', onMessage);
      if (message.type === 'read-result') resolve(message.result);
      else reject(new ReadFailure(message.message, message.file));
    };
    target.addEventListener('message', onMessage);
    target.postMessage({ type: 'read', id, sources });
  });
};
