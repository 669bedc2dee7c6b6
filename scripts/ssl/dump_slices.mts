/**
 * Writes the slices `ctsieve pretrain` trains on, resampled to SIZE² as `pretrain` does for a preset
 * with `sourceSize` (area average of the 8-bit slices), as a uint8 .npy [N, SIZE, SIZE] for
 * scripts/ssl/torch_swav_run.py:
 *   npx tsx scripts/ssl/dump_slices.mts OUT.npy SIZE INPUT...   (INPUT as for `ctsieve pretrain`)
 */
import { writeFileSync } from 'node:fs';
import { loadTrainingData } from '../../src/cli/pretrainInputs';
import { resampledSlices } from '../../src/core/ssl/data';

const [out, sizeArg, ...inputs] = process.argv.slice(2);
const size = Number(sizeArg);
if (!out || !Number.isInteger(size) || size < 2 || inputs.length === 0) {
  process.stderr.write('usage: npx tsx scripts/ssl/dump_slices.mts OUT.npy SIZE INPUT...\n');
  process.exit(2);
}
const { data, summary } = await loadTrainingData(inputs);
for (const line of summary) process.stderr.write(`${line}\n`);
const slices = resampledSlices(data, size);
const pixels = new Uint8Array(slices.count * size * size);
for (let i = 0; i < slices.count; i++) pixels.set(slices.slice(i), i * size * size);
// .npy v1.0: magic, version, header length (uint16 LE), a Python dict literal padded to 64 bytes with '\n'.
const dict = `{'descr': '|u1', 'fortran_order': False, 'shape': (${slices.count}, ${size}, ${size}), }`;
const header = dict.padEnd(64 * Math.ceil((10 + dict.length + 1) / 64) - 10 - 1) + '\n';
const preamble = Buffer.from([0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0, header.length & 255, header.length >> 8]);
writeFileSync(out, Buffer.concat([preamble, Buffer.from(header, 'latin1'), Buffer.from(pixels)]));
process.stderr.write(`${out}: ${slices.count} slices of ${size}²\n`);
