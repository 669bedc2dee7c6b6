/**
 * The `armConfusability` job: each arm's confusability over its kept slices, measured in the
 * experiment worker by core/experiment's measureArmConfusability — the function the CLI's
 * `experiment` calls, with the same settings — on the volumes made 8-bit as pre-training makes them
 * (./trainingSlices toVolume + core toUint8Stack) under their SPEC ids (names). Progress counts the
 * views embedded over every arm; pause holds between batches of views; cancel rejects.
 */
import { viewCount } from '../../core/confusability';
import { ARM_CONFUSABILITY_ANCHORS, measureArmConfusability, type ArmConfusabilityVolume, type ArmSlices } from '../../core/experiment';
import { toUint8Stack } from '../../core/preprocess/toUint8';
import { settleBackend } from '../../core/runtime/settleBackend';
import type { JobHandler } from '../jobHost';
import type { ArmConfusabilityJobResult } from './experimentJobs';
import { toVolume } from './trainingSlices';
import './experimentJobs';

/** Views an arm's measure embeds (core viewCount per volume it keeps slices of). */
function armViews(slices: ArmSlices): number {
  return slices.volumes.reduce((t, v) => t + (v.kept.length > 0 ? viewCount(v.kept.length, ARM_CONFUSABILITY_ANCHORS) : 0), 0);
}

export const armConfusabilityJob: JobHandler<'armConfusability'> = async (params, ctx) => {
  await settleBackend(params.backend); // views are cropped and resized with tfjs
  const volumes: ArmConfusabilityVolume[] = params.volumes.map((t) => ({ id: t.name, stack: toUint8Stack(toVolume(t)) }));
  const total = params.arms.reduce((t, a) => t + armViews(a.slices), 0);
  let before = 0;
  const arms: ArmConfusabilityJobResult['arms'] = [];
  for (const [i, arm] of params.arms.entries()) {
    const where = { arm: i, arms: params.arms.length, name: arm.name };
    ctx.progress(before, total, where);
    arms.push(await measureArmConfusability(volumes, arm.slices, params.preset, {
      signal: ctx.signal,
      pausePoint: () => ctx.pausePoint(),
      onProgress: (done) => ctx.progress(before + done, total, where),
    }));
    before += armViews(arm.slices);
  }
  return { result: { arms } };
};
