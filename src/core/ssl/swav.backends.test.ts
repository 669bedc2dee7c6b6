/**
 * The whole pre-training step on each backend against the cpu run: the same seed gives the same
 * start weights and crops (drawn in JS), so the first steps' losses agree to float32 round-off.
 */
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../backend';
import { describeAllBackends } from '../testing/describeAllBackends';
import { pretrainPreset } from './presets';
import { pretrain } from './pretrain';
import { syntheticSlices } from './testing/slices';

const data = syntheticSlices(8, 40, 40);
const config = pretrainPreset('tiny', { steps: 2, optimizer: { ...pretrainPreset('tiny').optimizer, name: 'lars', lr: 0.15 } });

async function losses(): Promise<number[]> {
  const r = await pretrain(data, config);
  r.encoder.dispose();
  return r.history.steps.map((m) => m.loss);
}

let reference: number[];
beforeAll(async () => {
  expect(await tryBackend('cpu')).toBe(true);
  reference = await losses();
}, 60_000);

describeAllBackends('swav pretrain step across backends', (env) => {
  it('two tiny steps give the cpu losses (1e-3 relative)', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const mine = await losses();
    mine.forEach((l, i) => expect(Math.abs(l - reference[i]) / Math.abs(reference[i])).toBeLessThan(1e-3));
  }, 60_000);
});
