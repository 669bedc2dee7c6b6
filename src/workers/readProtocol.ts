/**
 * Typed messages between the app and the read worker (read.worker.ts), which runs the core
 * readers off the main thread. Sources are cloneable: a Blob/File with its path, or a same-origin
 * URL (bundled samples). Volumes come back with their voxel buffers transferred.
 */
import type { ReadResult } from '../core/volume/input';

export type ReadSource =
  | { kind: 'blob'; blob: Blob; path: string }
  | { kind: 'url'; url: string; path: string; size?: number };

export type ReadRequest = { type: 'read'; id: number; sources: ReadSource[] };

export type ReadMessage =
  | { type: 'read-progress'; id: number; done: number; total: number }
  | { type: 'read-result'; id: number; result: ReadResult }
  | { type: 'read-error'; id: number; message: string; file?: string };
