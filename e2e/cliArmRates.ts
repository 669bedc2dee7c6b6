/**
 * Each arm's confusable rate as the CLI's `experiment` measures it (src/cli/experiment/nodeDeps.ts:
 * the CLI's reader, its reduce, core measureArmConfusability) for a SPEC whose volumes are bundled
 * samples, on tfjs wasm (the backend the app's experiment worker settles on here), so a spec can
 * check the app's report against the CLI's numbers. Run by tsx in its own process (the CLI's
 * modules do not load in Playwright's): `node --import tsx e2e/cliArmRates.ts SPEC.json` prints
 * `{"<arm>": rate, …}`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { armConfusability, type LoadedVolume } from '../src/cli/experiment/nodeDeps';
import { readOneVolume } from '../src/cli/input';
import { reduceOne } from '../src/cli/reduceOne';
import { armParams, type ArmSlices, type ExperimentSpec } from '../src/core/experiment';
import { toUint8Stack } from '../src/core/preprocess/toUint8';
import { settleBackend } from '../src/core/runtime/settleBackend';

async function cliArmRates(spec: ExperimentSpec): Promise<Record<string, number>> {
  await import('@tensorflow/tfjs-backend-wasm');
  const volumes: LoadedVolume[] = [];
  for (const id of spec.volumes) {
    const path = join('public/samples', id);
    const { volume } = await readOneVolume(path);
    volumes.push({ id, path, volume, stack: toUint8Stack(volume) });
  }
  const slices: ArmSlices[] = [];
  for (const arm of spec.arms) {
    const one: ArmSlices = { volumes: [] };
    for (const v of volumes) {
      const r = await reduceOne(v.volume, v.path, { params: armParams(arm), backend: 'wasm', quiet: true }, { command: 'e2e' });
      one.volumes.push({ id: v.id, n: v.stack.n, kept: [...r.result.kept] });
    }
    slices.push(one);
  }
  // The views are drawn with tfjs, so the backend counts (near-ties flip between cpu and wasm): the
  // experiment worker's here (auto passes SwiftShader over for wasm), as the CLI's --backend auto without a GPU.
  await settleBackend('wasm');
  const rates: Record<string, number> = {};
  for (const [i, arm] of spec.arms.entries()) rates[arm.name] = (await armConfusability({ spec, volumes }, slices[i])).confusableRate;
  return rates;
}

const specFile = process.argv[2];
if (!specFile) throw new Error('usage: node --import tsx e2e/cliArmRates.ts SPEC.json');
process.stdout.write(`${JSON.stringify(await cliArmRates(JSON.parse(readFileSync(specFile, 'utf8')) as ExperimentSpec))}\n`);
