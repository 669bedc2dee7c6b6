import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../manifest/build';
import { reduce } from '../reduction/reduce';
import { scoreMatrixFromRows } from '../reduction/scores';
import type { SliceStack } from '../volume/types';
import { loadGolden, referencePngDir } from '../testing/referenceFixture';
import { CSV_COLUMNS, manifestToCsv } from './csv';
import { manifestToMonaiDatalist } from './monai';
import { volumeStem } from './names';
import { keptSlicesZip, keptSlicesZipMany } from './pngZip';

const golden = loadGolden();
const hamming = scoreMatrixFromRows(golden.hamming, 'distance');
const params = { method: 'hash', algorithm: 'leader', maxDistance: 6 } as const;
const patient = { patientName: 'DOE^JANE', patientId: 'PID-4711', birthDate: '19700101', accessionNumber: 'ACC-0815' };
const sources = golden.slices.map((s, k) => ({ file: k === 3 ? 'odd, "name".png' : s.name }));
const meta = { id: 'chest', name: 'chest_64x128x128_seed1.nii.gz', sources, PatientName: patient.patientName };

function manifest(includePatientFields = false) {
  return buildManifest({
    volumes: [{ meta, voxelSha256: 'ab'.repeat(32), result: reduce(hamming, params), patient }],
    params,
    backend: 'cpu',
    conversion: { kind: 'minmax' },
    includePatientFields,
  });
}

/** The golden 8-bit slices read from the reference PNG folder. */
function goldenStack(): SliceStack {
  const { height: rows, width: cols, n_slices: n } = golden.input;
  const pixels = new Uint8Array(n * rows * cols);
  golden.slices.forEach((s, k) => pixels.set(decode(readFileSync(join(referencePngDir(), s.name))).data as Uint8Array, k * rows * cols));
  return { n, rows, cols, pixels };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('CSV export', () => {
  it('has one row per slice, with kept marks and quoted fields', () => {
    const lines = manifestToCsv(manifest()).split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(64 + 2);
    expect(lines.at(-1)).toBe('');
    const kept = lines.slice(1, 65).filter((l) => l.split(',')[4] === 'true').map((l) => Number(l.split(',')[3]));
    expect(kept).toEqual(golden.reference_loop['6']);
    expect(lines[4]).toContain('"odd, ""name"".png"');
  });
});

describe('MONAI datalist export', () => {
  it('lists the kept slices under "training", as ZIP names or source files', () => {
    const m = manifest();
    const stem = volumeStem(m.volumes[0]);
    expect(stem).toBe('chest_64x128x128_seed1');
    const dl = manifestToMonaiDatalist(m, { prefix: 'slices/' });
    expect(dl).toEqual({ training: golden.reference_loop['6'].map((k) => ({ image: `slices/${stem}_${k}.png` })) });
    const bySource = manifestToMonaiDatalist(m, { image: 'source' });
    expect(bySource.training.map((e) => e.image)).toEqual(golden.reference_loop['6'].map((k) => sources[k].file));
  });
});

describe('PNG ZIP of kept slices', () => {
  it('holds exactly the kept slices, named <volume>_<index>.png, pixel-identical to the reference PNGs', () => {
    const stack = goldenStack();
    const m = manifest();
    const zip = keptSlicesZip(stack, m.volumes[0], 'chest');
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(golden.reference_loop['6'].map((k) => `chest_${k}.png`).sort());
    for (const k of golden.reference_loop['6']) {
      const png = decode(files[`chest_${k}.png`]);
      expect(png).toMatchObject({ width: 128, height: 128, channels: 1, depth: 8 });
      expect(sha256(png.data as Uint8Array)).toBe(golden.slices[k].u8_sha256);
    }
    expect(keptSlicesZip(stack, m.volumes[0], 'chest')).toEqual(zip);
  });

  it('refuses a stack of the wrong size and colliding names', () => {
    const stack = goldenStack();
    const v = manifest().volumes[0];
    expect(() => keptSlicesZip({ ...stack, n: 10 }, v)).toThrow(/'chest' has 64 slices in the manifest but 10 in the stack/);
    expect(() => keptSlicesZipMany([{ stack, volume: v }, { stack, volume: v }])).toThrow(/would both be named chest_64x128x128_seed1_0\.png/);
  });
});

describe('privacy of exports', () => {
  it('no patient identifiers in the manifest, CSV, datalist or ZIP by default; CSV/datalist/ZIP never carry them', () => {
    const plain = manifest();
    const optIn = manifest(true);
    expect(optIn.volumes[0].patient).toEqual(patient);
    const zip = keptSlicesZip(goldenStack(), optIn.volumes[0]);
    const texts = [
      JSON.stringify(plain),
      manifestToCsv(plain),
      manifestToCsv(optIn),
      JSON.stringify(manifestToMonaiDatalist(optIn)),
      JSON.stringify(manifestToMonaiDatalist(optIn, { image: 'source' })),
      strFromU8(zip, true),
    ];
    for (const text of texts) for (const value of Object.values(patient)) expect(text).not.toContain(value);
  });
});
