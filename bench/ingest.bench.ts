/**
 * Ingest benchmark: load time and peak memory of readVolumes for a 512×512×600 int16 volume
 * (quick: ×60) as uncompressed NIfTI, gzipped NIfTI and a 600-file DICOM series (explicit VR LE),
 * generated into a temp folder. Each load runs in a fresh child process so memory peaks are its own:
 * peak RSS above the child's baseline, and peak `arrayBuffers` (typed-array memory) against the
 * volume's size — the readers promise never to hold two full copies.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BenchContext, BenchRow } from './lib';

const ROWS = 512;
const COLS = 512;

/** A smooth CT-like test pattern in HU (air outside a body ellipse, tissue and bone inside). */
function slicePattern(k: number): Int16Array {
  const out = new Int16Array(ROWS * COLS);
  for (let r = 0; r < ROWS; r++) {
    for (let c = 0; c < COLS; c++) {
      const x = (c - COLS / 2) / (COLS * 0.42);
      const y = (r - ROWS / 2) / (ROWS * 0.33);
      const d = x * x + y * y;
      out[r * COLS + c] = d > 1 ? -1000 : d > 0.85 ? 700 : Math.round(40 + 30 * Math.sin((r + 3 * k) / 9) * Math.cos(c / 13));
    }
  }
  return out;
}

function niftiHeader(slices: number): Uint8Array {
  const h = new DataView(new ArrayBuffer(352));
  h.setInt32(0, 348, true);
  [3, COLS, ROWS, slices, 1, 1, 1, 1].forEach((d, i) => h.setInt16(40 + 2 * i, d, true));
  h.setInt16(70, 4, true); // datatype int16
  h.setInt16(72, 16, true); // bitpix
  [1, 0.7, 0.7, 1.25].forEach((p, i) => h.setFloat32(76 + 4 * i, p, true));
  h.setFloat32(108, 352, true); // vox_offset
  h.setFloat32(112, 1, true); // scl_slope
  h.setUint8(123, 10); // xyzt_units: mm, s
  new Uint8Array(h.buffer).set(new TextEncoder().encode('n+1\0'), 344);
  return new Uint8Array(h.buffer);
}

/** Explicit VR little-endian element. */
function element(group: number, elem: number, vr: string, value: Uint8Array): Uint8Array {
  const long = ['OB', 'OW', 'UN', 'SQ', 'UT'].includes(vr);
  const padded = value.length % 2 ? new Uint8Array([...value, vr === 'UI' ? 0 : 0x20]) : value;
  const head = new DataView(new ArrayBuffer(long ? 12 : 8));
  head.setUint16(0, group, true);
  head.setUint16(2, elem, true);
  head.setUint8(4, vr.charCodeAt(0));
  head.setUint8(5, vr.charCodeAt(1));
  if (long) head.setUint32(8, padded.length, true);
  else head.setUint16(6, padded.length, true);
  const out = new Uint8Array(head.byteLength + padded.length);
  out.set(new Uint8Array(head.buffer));
  out.set(padded, head.byteLength);
  return out;
}
const text = (s: string) => new TextEncoder().encode(s);
const us = (v: number) => new Uint8Array(new Uint16Array([v]).buffer);
const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A minimal CT Image Storage file, one slice, explicit VR little endian. */
/** One explicit-VR-LE CT slice file (int16, BitsStored 16, rescale 1/0) of series 1.2.826.0.1.3680043.8.498.2. */
export function dicomSlice(k: number, pixels: Int16Array): Uint8Array {
  const sop = `1.2.826.0.1.3680043.8.498.1.${k + 1}`;
  const metaBody = concat([
    element(0x0002, 0x0001, 'OB', new Uint8Array([0, 1])),
    element(0x0002, 0x0002, 'UI', text('1.2.840.10008.5.1.4.1.1.2')),
    element(0x0002, 0x0003, 'UI', text(sop)),
    element(0x0002, 0x0010, 'UI', text('1.2.840.10008.1.2.1')),
  ]);
  const groupLength = element(0x0002, 0x0000, 'UL', new Uint8Array(new Uint32Array([metaBody.length]).buffer));
  const dataset = concat([
    element(0x0008, 0x0016, 'UI', text('1.2.840.10008.5.1.4.1.1.2')),
    element(0x0008, 0x0018, 'UI', text(sop)),
    element(0x0008, 0x0060, 'CS', text('CT')),
    element(0x0020, 0x000e, 'UI', text('1.2.826.0.1.3680043.8.498.2')),
    element(0x0020, 0x0013, 'IS', text(String(k + 1))),
    element(0x0020, 0x0032, 'DS', text(`-179.2\\-179.2\\${(k * 1.25).toFixed(2)}`)),
    element(0x0020, 0x0037, 'DS', text('1\\0\\0\\0\\1\\0')),
    element(0x0028, 0x0002, 'US', us(1)),
    element(0x0028, 0x0004, 'CS', text('MONOCHROME2')),
    element(0x0028, 0x0010, 'US', us(ROWS)),
    element(0x0028, 0x0011, 'US', us(COLS)),
    element(0x0028, 0x0030, 'DS', text('0.7\\0.7')),
    element(0x0028, 0x0100, 'US', us(16)),
    element(0x0028, 0x0101, 'US', us(16)),
    element(0x0028, 0x0102, 'US', us(15)),
    element(0x0028, 0x0103, 'US', us(1)),
    element(0x0028, 0x1052, 'DS', text('0')),
    element(0x0028, 0x1053, 'DS', text('1')),
    element(0x7fe0, 0x0010, 'OW', new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)),
  ]);
  return concat([new Uint8Array(128), text('DICM'), groupLength, metaBody, dataset]);
}

function generate(dir: string, slices: number): { nii: string; niigz: string; dicom: string } {
  const nii = join(dir, 'volume.nii');
  const dicom = join(dir, 'dicom');
  mkdirSync(dicom);
  const volume = new Uint8Array(352 + ROWS * COLS * 2 * slices);
  volume.set(niftiHeader(slices));
  for (let k = 0; k < slices; k++) {
    const s = slicePattern(k);
    volume.set(new Uint8Array(s.buffer), 352 + k * s.byteLength);
    writeFileSync(join(dicom, `IM${String(k + 1).padStart(4, '0')}.dcm`), dicomSlice(k, s));
  }
  writeFileSync(nii, volume);
  writeFileSync(`${nii}.gz`, gzipSync(volume, { level: 1 }));
  return { nii, niigz: `${nii}.gz`, dicom };
}

interface ChildResult {
  ms: number;
  peakRssMiB: number;
  peakArrayBuffersMiB: number;
  volumeMiB: number;
  slices: number;
}

/** Child mode: load `path` once with the CLI's input adapter, sampling memory every 5 ms. */
async function child(path: string): Promise<void> {
  const { collectInputFiles } = await import('../src/cli/io');
  const { readVolumes } = await import('../src/core/volume');
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakAb = base.arrayBuffers;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakAb = Math.max(peakAb, m.arrayBuffers);
  };
  const timer = setInterval(sample, 5);
  const t0 = performance.now();
  const { volumes } = await readVolumes(await collectInputFiles(path), { memoryBudgetBytes: 4 * 2 ** 30, onProgress: sample });
  const ms = performance.now() - t0;
  clearInterval(timer);
  sample();
  const v = volumes[0];
  const result: ChildResult = { ms, peakRssMiB: (peakRss - base.rss) / 2 ** 20, peakArrayBuffersMiB: (peakAb - base.arrayBuffers) / 2 ** 20, volumeMiB: v.voxels.byteLength / 2 ** 20, slices: v.slices };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(path: string): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--ingest-child', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`ingest child failed for ${path}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const slices = ctx.quick ? 60 : 600;
  const dir = mkdtempSync(join(tmpdir(), 'ctsieve-ingest-'));
  try {
    ctx.log(`generating ${COLS}×${ROWS}×${slices} int16 as .nii, .nii.gz and a DICOM series in ${dir}`);
    const paths = generate(dir, slices);
    const cases: [string, string][] = [
      ['NIfTI-1 .nii (streamed)', paths.nii],
      ['NIfTI-1 .nii.gz (streamed gunzip)', paths.niigz],
      [`DICOM series, ${slices} files, explicit VR LE`, paths.dicom],
    ];
    const rows: BenchRow[] = [];
    for (const [name, path] of cases) {
      const r = runChild(path);
      ctx.log(`${name}: ${r.ms.toFixed(0)} ms, peak arrayBuffers +${r.peakArrayBuffersMiB.toFixed(0)} MiB for a ${r.volumeMiB.toFixed(0)} MiB volume`);
      rows.push({
        name: `readVolumes: ${name}`,
        impl: 'core/volume (Node, fresh process)',
        input: `${COLS}×${ROWS}×${r.slices} int16`,
        ms: r.ms,
        metrics: {
          'MiB/s': r.volumeMiB / (r.ms / 1000),
          'volume MiB': r.volumeMiB,
          'peak arrayBuffers MiB': r.peakArrayBuffersMiB,
          'peak/volume': r.peakArrayBuffersMiB / r.volumeMiB,
          'peak RSS Δ MiB': r.peakRssMiB,
        },
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--ingest-child' && process.argv[3]) {
  child(process.argv[3]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
