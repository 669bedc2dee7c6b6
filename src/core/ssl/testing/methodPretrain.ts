/**
 * Test support shared by the MoCo and MIM pretrain() suites: their data (12 synthetic 40² slices),
 * the cpu backend, and the exact-resume check (2 + 2 steps through a serialised checkpoint give
 * the 4-step losses of the tiny preset).
 */
import { beforeAll, expect, it } from 'vitest';
import { tryBackend } from '../../backend';
import { deserializeCheckpoint, serializeCheckpoint } from '../checkpoint';
import { methodPreset } from '../methods';
import { pretrain } from '../pretrain';
import type { PretrainCheckpoint, SslMethod } from '../types';
import { syntheticSlices } from './slices';

export const METHOD_TEST_DATA = syntheticSlices(12, 40, 40);

/** Runs the suite on the cpu backend (call at the top of the file). */
export function useCpuBackend(): void {
  beforeAll(async () => {
    expect(await tryBackend('cpu')).toBe(true);
  });
}

/** The exact-resume test of `method` on METHOD_TEST_DATA (call inside the suite's describe). */
export function itResumesExactly(method: Exclude<SslMethod, 'swav'>): void {
  it('resumes exactly: 2 + 2 steps through a serialised checkpoint give the 4-step losses', async () => {
    const config = methodPreset(method, 'tiny', { steps: 4 });
    const whole = await pretrain(METHOD_TEST_DATA, config);
    whole.encoder.dispose();
    let saved: PretrainCheckpoint | undefined;
    const first = await pretrain(METHOD_TEST_DATA, { ...config, steps: 2 }, { onCheckpoint: (c) => void (saved = c) });
    first.encoder.dispose();
    const resumed = await pretrain(METHOD_TEST_DATA, config, {}, deserializeCheckpoint(serializeCheckpoint(saved!)));
    resumed.encoder.dispose();
    expect(resumed.history.steps.map((m) => m.loss)).toEqual(whole.history.steps.map((m) => m.loss));
  });
}
