/** countKernels counts registered kernels (nested ones inside a custom-gradient op too), not scopes. */
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { tryBackend } from '../backend';
import { describeAllBackends } from '../testing/describeAllBackends';
import { countKernels } from './kernelCount';

describeAllBackends('countKernels', (env) => {
  it('counts each kernel once and hands back the result', async () => {
    expect(await tryBackend(env.name)).toBe(true);
    const a = tf.ones([4]);
    const c = await countKernels(async () => {
      const y = tf.tidy(() => a.add(1).mul(2).sum());
      const v = (await y.data())[0];
      y.dispose();
      return v;
    });
    expect(c.result).toBe(16);
    expect(c.kernels).toBe(3);
    expect(Object.fromEntries(c.byName)).toEqual({ Add: 1, Multiply: 1, Sum: 1 });
    const custom = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({ value: (args[0] as tf.Tensor).square().neg(), gradFunc: (dy: tf.Tensor) => dy }));
    const d = await countKernels(async () => tf.tidy(() => custom(a).dispose()));
    expect(d.kernels).toBe(2);
    a.dispose();
  });
});
