/**
 * Runs one test body once per compute backend (tfjs's describeWithFlags(ALL_ENVS) idea):
 *
 *   describeAllBackends('ssim golden', (env) => {
 *     it('matches scikit-image', async () => { const r = await computeSimilarity(stack, 'ssim', env.opts); ... });
 *   });
 *
 * cpu always runs; webgpu runs in Node when Dawn finds an adapter (SwiftShader here), with the CPU
 * handoff off so the WGSL kernels really run. An unavailable backend, or an entry of
 * BACKEND_TEST_SKIPS, registers a skipped suite whose name carries the reason, and the reason is
 * printed: skips are data, never silent. CTSIEVE_TEST_BACKENDS=cpu,webgpu limits the list. A suite
 * whose code has a wasm-only path adds { alsoOn: ['wasm'] }.
 * Node only (test files).
 */
import { beforeAll, describe } from 'vitest';
import type { ComputeOptions } from '../similarity/types';
import type { BackendName } from '../backend/types';
import { installNodeWebgpu } from '../backend/nodeWebgpu';
import { backendLabel } from '../backend';
import { settleBackend } from '../runtime/settleBackend';

export interface BackendTestEnv {
  name: BackendName;
  /** Options that pin the backend (settled in the suite's beforeAll) and disable the CPU handoff on GPU backends. */
  opts: ComputeOptions;
  /** Absolute tolerance for float results: 1e-9 on the float64 CPU reference, 1e-4 on float32 GPUs. */
  floatTolerance: number;
}

export interface BackendSkip {
  backend: BackendName;
  /** Suite names starting with this are skipped on that backend. */
  suiteStartsWith: string;
  reason: string;
}

/** Known gaps, each with its reason (empty: every suite runs on every available backend). */
export const BACKEND_TEST_SKIPS: BackendSkip[] = [];

const TESTED_BACKENDS: BackendName[] = ['cpu', 'webgpu'];

/** Why CTSIEVE_TEST_BACKENDS leaves a backend out, or undefined. */
function skippedByEnv(name: BackendName): string | undefined {
  const wanted = process.env.CTSIEVE_TEST_BACKENDS?.split(',').map((s) => s.trim());
  return wanted && !wanted.includes(name) ? `not in CTSIEVE_TEST_BACKENDS=${process.env.CTSIEVE_TEST_BACKENDS}` : undefined;
}

/** Why a backend cannot run here, or undefined when it can. */
async function unavailableReason(name: BackendName): Promise<string | undefined> {
  const skipped = skippedByEnv(name);
  if (skipped || name !== 'webgpu') return skipped;
  const status = await installNodeWebgpu();
  return status.ok ? undefined : `no WebGPU in this Node process: ${status.detail}`;
}

const availability = new Map<BackendName, string | undefined>();
for (const name of TESTED_BACKENDS) availability.set(name, await unavailableReason(name));

function envFor(name: BackendName): BackendTestEnv {
  return {
    name,
    opts: name === 'cpu' ? {} : { cpuHandoff: false },
    floatTolerance: name === 'cpu' ? 1e-9 : 1e-4,
  };
}

export interface DescribeOptions {
  /**
   * Backends to run on besides cpu and webgpu: e.g. ['wasm'] for code with a wasm-only path (ctsieve's
   * SIMD kernels on tfjs-wasm's heap). Only CTSIEVE_TEST_BACKENDS can skip them.
   */
  alsoOn?: BackendName[];
}

export function describeAllBackends(suite: string, body: (env: BackendTestEnv) => void, options: DescribeOptions = {}): void {
  for (const name of [...TESTED_BACKENDS, ...(options.alsoOn ?? []).filter((b) => !TESTED_BACKENDS.includes(b))]) {
    const skip = (availability.has(name) ? availability.get(name) : skippedByEnv(name)) ?? BACKEND_TEST_SKIPS.find((s) => s.backend === name && suite.startsWith(s.suiteStartsWith))?.reason;
    if (skip) {
      console.warn(`[describeAllBackends] skipping "${suite}" on ${name}: ${skip}`);
      describe.skip(`${suite} [${name}] (skipped: ${skip})`, () => body(envFor(name)));
      continue;
    }
    const env = envFor(name);
    describe(`${suite} [${name}]`, () => {
      beforeAll(async () => {
        // Each suite settles its backend, as a process would once (its tests then run on it).
        env.opts.backend = await settleBackend(name);
        if (name !== 'cpu') console.info(`[describeAllBackends] ${suite} on ${backendLabel(env.opts.backend)}`);
      });
      body(env);
    });
  }
}
