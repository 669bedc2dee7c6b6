/**
 * Starting a `confusability` job in the compute worker (src/workers/confusabilityJob.ts) on copies
 * of the volumes' voxels, and the small state its panels show (progress, result, error). The
 * measure is core's; this only moves data and keeps one run per panel.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbortError } from '../../../core/runtime/abort';
import type { ConfusabilityResult } from '../../../core/confusability/types';
import type { PresetName } from '../../../core/ssl/types';
import type { Volume } from '../../../core/volume/types';
import type { ConfusabilityEmbedding, ConfusabilitySet } from '../../../workers/confusabilityJob';
import { voxelDtype } from '../../../workers/similarityJob';
import type { JobClient, JobHandle } from '../../jobs/JobClient';
import { appStore } from '../../store';
import { trackJob } from '../../jobs/trackJob';

export const EMBEDDINGS: readonly ConfusabilityEmbedding[] = ['pixels', 'deepnet'];
/** Views of the `paper` preset's large crop (90–100% of the slice): the setting where the measure separates ALL from HASH ≤ 6 on real CT (docs/experiments.md). */
export const CHART_PRESET: PresetName = 'paper';
export const CHART_ANCHORS = 32;
export const CHART_SEED = 0;

export interface ConfusabilityRequest {
  volumes: Volume[];
  sets: ConfusabilitySet[];
  embedding: ConfusabilityEmbedding;
  preset?: PresetName;
  anchors?: number;
  seed?: number;
}

export function startConfusabilityJob(client: JobClient, req: ConfusabilityRequest, backend = appStore.getState().backendRequest): JobHandle<'confusability'> {
  const copies = req.volumes.map((v) => v.voxels.slice());
  return client.start('confusability', {
    volumes: req.volumes.map((v, i) => ({ id: v.id, name: v.name, rows: v.rows, cols: v.cols, slices: v.slices, spacing: v.spacing, dtype: voxelDtype(copies[i]), voxels: copies[i].buffer as ArrayBuffer })),
    sets: req.sets,
    embedding: req.embedding,
    preset: req.preset ?? CHART_PRESET,
    anchors: req.anchors ?? CHART_ANCHORS,
    seed: req.seed ?? CHART_SEED,
    backend,
  }, { transfer: copies.map((c) => c.buffer as ArrayBuffer) });
}

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number }
  | { status: 'done'; key: string; results: ConfusabilityResult[] }
  | { status: 'error'; message: string };

/** One run at a time, cancelled on unmount; `key` names what was measured so stale results can be hidden. */
export function useConfusabilityRun() {
  const [state, setState] = useState<RunState>({ status: 'idle' });
  const running = useRef<JobHandle<'confusability'> | null>(null);
  useEffect(() => () => running.current?.cancel(), []);
  const start = useCallback(async (key: string, label: string, req: ConfusabilityRequest) => {
    running.current?.cancel();
    const handle = startConfusabilityJob(appStore.getState().services.compute.client, req);
    running.current = handle;
    trackJob(appStore.getState, handle, label);
    setState({ status: 'running', done: 0, total: 1 });
    handle.subscribe((e) => {
      if (e.type === 'progress' && running.current === handle) setState({ status: 'running', done: e.done, total: Math.max(1, e.total) });
    });
    try {
      const out = await handle.promise;
      if (running.current === handle) setState({ status: 'done', key, results: out.sets.map((s) => s.result) });
    } catch (err) {
      if (running.current !== handle) return;
      setState(isAbortError(err) ? { status: 'idle' } : { status: 'error', message: err instanceof Error ? err.message : String(err) });
    } finally {
      if (running.current === handle) running.current = null;
    }
  }, []);
  const cancel = useCallback(() => running.current?.cancel(), []);
  return { state, start, cancel };
}
