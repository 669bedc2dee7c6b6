/**
 * Test builders for the public tasks' own layouts, written in the test (nothing bundled):
 * a MedMNIST-style `.npz` (fflate zip of .npy arrays) and a COVID-CT repository tree
 * (Images-processed/CT_COVID|CT_NonCOVID + Data-split lists), as {path, bytes} files that a test
 * writes to disk (CLI) or hands over as picked files (app).
 */
import { encode as encodePng } from 'fast-png';
import { zipSync } from 'fflate';

export interface TreeFile {
  path: string;
  bytes: Uint8Array;
}

/** A .npy (format 1.0) of a C-ordered array; `descr` like '|u1' or '<i8'. */
export function npyBytes(descr: string, shape: number[], data: ArrayBufferView): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

export interface NpzPart {
  /** N images of rows × cols (× 3 when rgb), row-major. */
  images: Uint8Array;
  labels: number[];
}

/** A MedMNIST-style .npz: `{part}_images` uint8 N×H×W[×3], `{part}_labels` uint8 N×1. */
export function medmnistNpz(parts: Partial<Record<'train' | 'val' | 'test', NpzPart>>, rows: number, cols: number, rgb = false): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, p] of Object.entries(parts)) {
    const n = p.labels.length;
    files[`${name}_images.npy`] = npyBytes('|u1', rgb ? [n, rows, cols, 3] : [n, rows, cols], p.images);
    files[`${name}_labels.npy`] = npyBytes('|u1', [n, 1], Uint8Array.from(p.labels));
  }
  return zipSync(files, { level: 6 });
}

/** Images whose class is the sign of a left/right brightness difference (a linear probe separates them). */
export function separableImages(labels: number[], rows: number, cols: number, seed = 1, channels = 1): Uint8Array {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = new Uint8Array(labels.length * rows * cols * channels);
  labels.forEach((y, i) => {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const bright = (c < cols / 2) === (y === 1) ? 170 : 70;
        const v = Math.max(0, Math.min(255, Math.round(bright + (rand() - 0.5) * 60)));
        for (let k = 0; k < channels; k++) out[((i * rows + r) * cols + c) * channels + k] = channels === 3 ? Math.min(255, v + [20, 0, -20][k]) : v;
      }
    }
  });
  return out;
}

export function greyPng(pixels: Uint8Array, rows: number, cols: number): Uint8Array {
  return encodePng({ width: cols, height: rows, data: pixels, channels: 1, depth: 8 });
}

export function rgbPng(pixels: Uint8Array, rows: number, cols: number): Uint8Array {
  return encodePng({ width: cols, height: rows, data: pixels, channels: 3, depth: 8 });
}

export interface CovidCtOptions {
  /** Images per class and split. */
  perPart?: Partial<Record<'train' | 'val' | 'test', number>>;
  rows?: number;
  cols?: number;
  /** Encoded JPEG images added to CT_COVID's training list (e.g. a Pillow-made fixture). */
  jpegs?: Uint8Array[];
}

/**
 * A COVID-CT repository tree: Images-processed/CT_COVID/*.png (bright right half) and
 * CT_NonCOVID/*.png (bright left half), every third one RGB; Data-split/{COVID,NonCOVID}/
 * {train,val,test}CT_{COVID,NonCOVID}.txt listing them; and a README the reader ignores.
 */
export function covidCtTree(o: CovidCtOptions = {}): TreeFile[] {
  const rows = o.rows ?? 12;
  const cols = o.cols ?? 12;
  const per = { train: 8, val: 3, test: 4, ...o.perPart };
  const files: TreeFile[] = [{ path: 'README.md', bytes: new TextEncoder().encode('# COVID-CT (test tree)\n') }];
  for (const [cls, short, y] of [['CT_COVID', 'COVID', 1], ['CT_NonCOVID', 'NonCOVID', 0]] as const) {
    let n = 0;
    for (const split of ['train', 'val', 'test'] as const) {
      const names: string[] = [];
      for (let k = 0; k < per[split]; k++, n++) {
        const rgb = n % 3 === 2;
        const px = separableImages([y], rows, cols, 100 * y + n + 1, rgb ? 3 : 1);
        const name = `${short.toLowerCase()}_${n}.png`;
        files.push({ path: `Images-processed/${cls}/${name}`, bytes: rgb ? rgbPng(px, rows, cols) : greyPng(px, rows, cols) });
        names.push(name);
      }
      if (split === 'train' && y === 1) {
        (o.jpegs ?? []).forEach((bytes, k) => {
          files.push({ path: `Images-processed/${cls}/photo_${k}.jpg`, bytes });
          names.push(`photo_${k}.jpg`);
        });
      }
      files.push({ path: `Data-split/${short}/${split}CT_${short}.txt`, bytes: new TextEncoder().encode(names.join('\n') + '\n') });
    }
  }
  return files;
}
