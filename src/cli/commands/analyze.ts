/**
 * `ctsieve analyze <labelled> --encoder A/encoder [--encoder B/encoder] [--finetuned F/encoder]
 *                  [--tsne] [--gradcam N] [--seed S] [--backend …] --out-dir DIR`
 *
 * The paper's analyses (DESIGN.md; docs/analysis.md): DIR/analysis.json
 *   {encoders, cka: {layers, matrix, diagonal}, ckaFinetuned?, tsne?: [{encoder, points, pcc}],
 *    gradcam?: [{encoder, image, label, class, predicted, file}], images, classes, notes}
 * and the figures cka.svg, tsne.svg (with --tsne), gradcam/*.png (with --gradcam N: N images per
 * encoder, the cam of the true class over the slice). Grad-CAM explains a linear probe fitted on each
 * encoder's features (encoder folders carry no classifier head).
 */
import { encode } from 'fast-png';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeEncoders, camOverlayRgba, ckaSvg, tsneSvg, type AnalysisEncoder, type AnalysisResult, type GradCamItem } from '../../core/analysis';
import { inputNorm } from '../../core/eval/encoderSource';
import { resizeBilinear } from '../../core/eval/resize';
import type { LabelledSet } from '../../core/eval/types';
import type { BackendRequest } from '../../core/backend/types';
import { settleBackend, settledLabel } from '../../core/runtime/settleBackend';
import { oneOf, parseOptions } from '../args';
import { loadEncoderDir } from '../encoderDir';
import { CliError } from '../errors';
import { readLabelledInput } from '../labelledInput';
import { prepareWebgpu } from '../scores';

const C = 'analyze';
const OPTIONS = ['--finetuned', '--tsne', '--gradcam', '--seed', '--backend', '--out-dir', '--max-images'] as const;
const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'] as const;

export interface AnalyzeArgs {
  input: string;
  encoders: string[];
  finetuned?: string;
  tsne: boolean;
  gradcam: number;
  seed: number;
  maxImages: number;
  backend: BackendRequest;
  outDir: string;
}

function int(option: string, value: string | undefined, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isInteger(x) || x < min) throw new CliError(`${C}: ${option} '${value}' must be an integer ≥ ${min}`);
  return x;
}

/** argv → arguments; `--encoder` may be given once or twice, so it is taken out before the common parser. */
export function parseAnalyzeArgs(args: string[]): AnalyzeArgs {
  const encoders: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--encoder') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new CliError(`${C}: --encoder needs a value (DIR/encoder)`);
      encoders.push(v);
    } else if (args[i].startsWith('--encoder=')) encoders.push(args[i].slice('--encoder='.length));
    else rest.push(args[i]);
  }
  const { input, opts } = parseOptions(C, rest, OPTIONS, ['--tsne']);
  if (encoders.length === 0) throw new CliError(`${C}: --encoder DIR/encoder is required (give it twice to compare two encoders)`);
  if (encoders.length > 2) throw new CliError(`${C}: --encoder given ${encoders.length} times; at most two encoders are compared (add a fine-tuned one with --finetuned)`);
  const outDir = opts['--out-dir'];
  if (!outDir) throw new CliError(`${C}: --out-dir DIR is required`);
  return {
    input,
    encoders,
    finetuned: opts['--finetuned'],
    tsne: opts['--tsne'] === 'true',
    gradcam: int('--gradcam', opts['--gradcam'], 0, 0),
    seed: int('--seed', opts['--seed'], 0, 0),
    maxImages: int('--max-images', opts['--max-images'], 2, 512),
    backend: oneOf(C, '--backend', opts['--backend'] ?? 'auto', BACKENDS),
    outDir,
  };
}

async function loadEncoder(dir: string): Promise<AnalysisEncoder> {
  const e = await loadEncoderDir(dir);
  return { name: e.name, model: e.model, norm: inputNorm(e), arch: e.info.arch };
}

/** Distinct names for the encoders (two runs' folders may share a name). */
function uniqueNames(list: AnalysisEncoder[]): void {
  const seen = new Map<string, number>();
  for (const e of list) {
    const k = (seen.get(e.name) ?? 0) + 1;
    seen.set(e.name, k);
    if (k > 1) e.name = `${e.name} (${k})`;
  }
}

const safe = (s: string) => s.replace(/\.(png|dcm|nii(\.gz)?)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'x';

/** One Grad-CAM item as a PNG: the slice beside the slice with its cam over it, at least 256 px high. */
function overlayPng(set: LabelledSet, g: GradCamItem): Uint8Array {
  const s = set.samples[g.sample];
  const scale = Math.max(1, Math.ceil(256 / Math.max(s.rows, s.cols)));
  const [rows, cols] = [s.rows * scale, s.cols * scale];
  const px = scale === 1 ? s.pixels : resizeBilinear(s.pixels, s.rows, s.cols, rows, cols);
  const over = camOverlayRgba(px, rows, cols, g.cam, g.size, 0.5);
  const gap = 4;
  const width = 2 * cols + gap;
  const data = new Uint8Array(rows * width * 4).fill(255);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const v = Math.round(px[y * cols + x]);
      data.set([v, v, v, 255], (y * width + x) * 4);
      data.set(over.subarray((y * cols + x) * 4, (y * cols + x) * 4 + 4), (y * width + cols + gap + x) * 4);
    }
  }
  return encode({ width, height: rows, data, channels: 4, depth: 8 });
}

async function writeOutputs(a: AnalyzeArgs, set: LabelledSet, r: AnalysisResult): Promise<string[]> {
  await mkdir(a.outDir, { recursive: true });
  const written = ['analysis.json', 'cka.svg'];
  await writeFile(join(a.outDir, 'cka.svg'), ckaSvg(r.cka, r.ckaFinetuned));
  if (r.tsne) {
    await writeFile(join(a.outDir, 'tsne.svg'), tsneSvg(r.tsne, r.classes));
    written.push('tsne.svg');
  }
  const gradcam = [];
  if (r.gradcam) {
    await mkdir(join(a.outDir, 'gradcam'), { recursive: true });
    for (const [k, g] of r.gradcam.entries()) {
      const file = `gradcam/${String(k).padStart(3, '0')}-${safe(g.encoder)}-${safe(g.image)}.png`;
      await writeFile(join(a.outDir, file), overlayPng(set, g));
      gradcam.push({ encoder: g.encoder, image: g.image, label: g.label, class: g.class, predicted: g.predicted, file });
    }
    written.push(`gradcam/ (${gradcam.length} PNG)`);
  }
  const json = { encoders: r.encoders, cka: r.cka, ...(r.ckaFinetuned ? { ckaFinetuned: r.ckaFinetuned } : {}), ...(r.tsne ? { tsne: r.tsne } : {}), ...(r.gradcam ? { gradcam } : {}), images: r.images, classes: r.classes, seed: a.seed, notes: r.notes };
  await writeFile(join(a.outDir, 'analysis.json'), `${JSON.stringify(json, null, 2)}\n`);
  return written;
}

function progressLine(): (phase: string, done: number, total: number) => void {
  let last = 0;
  return (phase, done, total) => {
    const now = Date.now();
    if (now - last < 2000 && done < total) return;
    last = now;
    process.stderr.write(`ctsieve: analyze ${phase} ${done}/${total}\n`);
  };
}

export default async function analyzeCommand(args: string[]): Promise<number> {
  const a = parseAnalyzeArgs(args);
  if (a.backend === 'auto' || a.backend === 'webgpu') await prepareWebgpu(C, a.backend);
  await import('@tensorflow/tfjs-backend-wasm');
  let backend: string;
  try {
    backend = settledLabel(await settleBackend(a.backend));
  } catch (e) {
    throw new CliError(`${C}: ${(e as Error).message}`);
  }
  const loaded: AnalysisEncoder[] = [];
  try {
    for (const dir of a.encoders) loaded.push(await loadEncoder(dir));
    const finetuned = a.finetuned ? await loadEncoder(a.finetuned) : undefined;
    if (finetuned) loaded.push(finetuned);
    uniqueNames(loaded);
    const resizeTo = Math.max(...loaded.map((e) => e.norm.size));
    const set = await readLabelledInput(a.input, { resizeTo });
    process.stderr.write(`ctsieve: analyze ${set.task}: ${set.samples.length} slices, classes ${set.classes.join(', ')}; ${loaded.map((e) => e.name).join(', ')} on ${backend}\n`);
    let result: AnalysisResult;
    try {
      result = await analyzeEncoders(set, loaded.slice(0, a.encoders.length), { seed: a.seed, tsne: a.tsne, gradcam: a.gradcam, maxImages: a.maxImages, ...(finetuned ? { finetuned } : {}), onProgress: progressLine() });
    } catch (e) {
      throw new CliError(`${C}: ${(e as Error).message}`);
    }
    const written = await writeOutputs(a, set, result);
    const diag = result.cka.diagonal.map((v) => v.toFixed(2)).join(' ');
    process.stderr.write(`ctsieve: CKA ${result.cka.a} vs ${result.cka.b} per block: ${diag}\n`);
    for (const t of result.tsne ?? []) process.stderr.write(`ctsieve: t-SNE ${t.encoder}: PCC x ${t.pcc[0].toFixed(2)}, y ${t.pcc[1].toFixed(2)}\n`);
    for (const n of result.notes) process.stderr.write(`ctsieve: note: ${n}\n`);
    process.stderr.write(`ctsieve: analysis → ${a.outDir}: ${written.join(', ')}\n`);
    return 0;
  } finally {
    for (const e of loaded) e.model.dispose();
  }
}
