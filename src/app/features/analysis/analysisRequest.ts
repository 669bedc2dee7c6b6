/**
 * What the analysis worker needs for a finished experiment: every trained arm's encoder (from the
 * experiments database; the first pre-training seed's when there are several), the downstream task (the loaded volumes of the proxy task, or the stored
 * labelled files), and which arm is the reference (ALL, else the first).
 */
import type { ExperimentRecord } from '../experiments/types';
import { ExperimentDb } from '../experiments/storage/experimentDb';
import { trainingUnits } from '../experiments/units';
import type { EncoderFiles, EvaluateJobTask } from '../../../workers/experiment/experimentJobs';
import type { AnalysisJobParams } from '../../../workers/analysis/analysisJob';
import { voxelDtype, type TransferredVolume } from '../../../workers/similarityJob';
import { getVolume, hasVolume } from '../../volumes/registry';

/** Grad-CAM images per arm in the app's gallery. */
export const GALLERY_IMAGES = 6;

function transferred(volumeId: string, name: string): TransferredVolume {
  if (!hasVolume(volumeId)) throw new Error(`volume "${name}" is not loaded: open it again (same file) to analyse this experiment`);
  const v = getVolume(volumeId);
  const voxels = v.voxels.slice();
  return { id: v.id, name: v.name, rows: v.rows, cols: v.cols, slices: v.slices, spacing: v.spacing, dtype: voxelDtype(voxels), voxels: voxels.buffer as ArrayBuffer };
}

/** The arm to compare every other with: ALL when there is one. */
export function referenceArm(record: Pick<ExperimentRecord, 'arms'>, withEncoder: readonly string[]): number {
  const all = withEncoder.findIndex((id) => record.arms.find((a) => a.id === id)?.params.method === 'all');
  return all < 0 ? 0 : all;
}

export async function analysisRequest(record: ExperimentRecord, seed = 0): Promise<{ params: AnalysisJobParams; transfer: Transferable[] }> {
  const db = await ExperimentDb.open();
  const encoders: AnalysisJobParams['encoders'] = [];
  // one encoder per arm: the first pre-training seed's (experiments with several seeds train each arm per seed)
  const units = trainingUnits(record);
  const firstSeed = units[0]?.seed;
  for (const u of units.filter((x) => x.seed === firstSeed)) {
    const e = await db.getPart<EncoderFiles>('encoders', record.id, u.key);
    if (e) encoders.push({ id: u.arm.id, name: u.arm.label, encoder: { files: e.files, info: e.info } });
  }
  if (encoders.length === 0) throw new Error(`"${record.name}" has no stored encoders to analyse`);
  let task: EvaluateJobTask;
  if (record.task.kind === 'proxy') {
    task = { kind: 'proxy', volumes: record.arms[0].volumes.map((v) => transferred(v.volumeId, v.name)) };
  } else {
    const files = await db.getPart<{ path: string; bytes: Uint8Array }[]>('tasks', record.id, 'task');
    if (!files) throw new Error(`the labelled files of "${record.name}" are not stored; the analysis needs them`);
    task = { kind: 'labelled', files };
  }
  const params: AnalysisJobParams = {
    task, encoders, reference: referenceArm(record, encoders.map((e) => e.id)), seed, gradcam: GALLERY_IMAGES, backend: record.backend,
    // pre-trained vs fine-tuned, when the experiment's protocol fine-tunes
    ...(record.evalProtocol === 'finetune' ? { finetune: { epochs: record.evalEpochs } } : {}),
  };
  const transfer = task.kind === 'proxy' ? task.volumes.map((v) => v.voxels) : [];
  return { params, transfer };
}
