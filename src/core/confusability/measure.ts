/**
 * measureConfusability (DESIGN.md "Confusability"). For a volume's slice set S and an embedding f:
 * per anchor x (all of S or a seeded sample), two views v1, v2 of x and one view w_y of every
 * y ∈ S (drawn once per slice and shared by all anchors); s⁺ = f(v1)·f(v2), s⁻(y) = f(v1)·f(w_y);
 * confusable(x) = |{y ≠ x: s⁻(y) ≥ s⁺}| / (|S| − 1); the volume's rate is the mean over anchors and
 * the dataset's the anchor-weighted mean over volumes. Views are made and embedded in batches, so
 * only the embeddings (|S| + 2·anchors rows) are held, never all views of a volume.
 */
import { throwIfAborted } from '../runtime/abort';
import { yieldToEventLoop } from '../runtime/yield';
import { sampleAnchors } from './seeds';
import type { ConfusabilityOptions, ConfusabilityResult, ConfusabilityVolume, SliceEmbedder, VolumeConfusability } from './types';
import { drawViews, largeCrop, sliceCount, type ViewRequest } from './views';
import type { CropKind } from '../ssl/multiCrop';

const DEFAULT_BATCH = 16;

/** S: the volume's kept indices (checked, ascending, distinct) or all of them. */
export function sliceSet(volume: ConfusabilityVolume): number[] {
  const n = sliceCount(volume);
  if (!(volume.rows > 0 && volume.cols > 0)) throw new Error(`confusability: ${volume.id}: rows and cols must be positive, got ${volume.rows}×${volume.cols}`);
  if (!(volume.slices instanceof Uint8Array)) {
    const bad = (volume.slices as readonly Uint8Array[]).findIndex((s) => s.length !== volume.rows * volume.cols);
    if (bad >= 0) throw new Error(`confusability: ${volume.id}: slice ${bad} has ${volume.slices[bad].length} pixels, expected ${volume.rows}×${volume.cols}`);
  } else if (volume.slices.length !== n * volume.rows * volume.cols) {
    throw new Error(`confusability: ${volume.id}: ${volume.slices.length} pixels is not a whole number of ${volume.rows}×${volume.cols} slices`);
  }
  if (!volume.indices) return Array.from({ length: n }, (_, i) => i);
  const s = [...new Set(volume.indices)].sort((a, b) => a - b);
  const bad = s.find((i) => !Number.isInteger(i) || i < 0 || i >= n);
  if (bad !== undefined) throw new Error(`confusability: ${volume.id} has no slice ${bad} (it has ${n})`);
  return s;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Rows scaled to unit length (zero rows stay zero), so any embedder's output is a cosine. */
function unit(row: Float32Array): Float32Array {
  const n = Math.sqrt(dot(row, row));
  return n > 0 && Math.abs(n - 1) > 1e-6 ? row.map((v) => v / n) : row;
}

interface Context {
  embedder: SliceEmbedder;
  kind: CropKind;
  opts: ConfusabilityOptions;
  progress: () => void;
}

/** Embeddings of the requested views, drawn and embedded `batchSize` at a time. */
async function embedViews(volume: ConfusabilityVolume, requests: ViewRequest[], ctx: Context): Promise<Float32Array[]> {
  const batch = ctx.opts.batchSize ?? DEFAULT_BATCH;
  const out: Float32Array[] = [];
  for (let start = 0; start < requests.length; start += batch) {
    await yieldToEventLoop(); // a macrotask turn, so a worker hears a cancel between batches
    throwIfAborted(ctx.opts.signal, 'confusability');
    const part = requests.slice(start, start + batch);
    const views = await drawViews(volume, part, ctx.kind, ctx.opts.seed);
    const rows = await ctx.embedder.embed(views, ctx.kind.size);
    if (rows.length !== part.length) throw new Error(`confusability: embedder '${ctx.embedder.name}' returned ${rows.length} rows for ${part.length} views`);
    for (const r of rows) out.push(unit(r));
    for (let i = 0; i < part.length; i++) ctx.progress();
  }
  return out;
}

/** Views measuring a set of m slices takes: one per slice and two per anchor (none when m < 2). */
export function viewCount(m: number, anchors?: number): number {
  return m < 2 ? 0 : m + 2 * Math.min(m, anchors ?? m);
}

const mean = (sum: number, count: number): number | null => (count > 0 ? sum / count : null);

async function measureVolume(volume: ConfusabilityVolume, s: number[], ctx: Context): Promise<VolumeConfusability> {
  const m = s.length;
  const empty = { id: volume.id, slices: m, anchors: 0, confusableRate: 0, positiveMean: null, negativeMean: null, adjacentNegativeMean: null };
  if (m < 2) return empty;
  const anchors = sampleAnchors(m, ctx.opts.anchors, ctx.opts.seed, volume.id);
  const w = await embedViews(volume, s.map((slice) => ({ slice, role: 'w' as const })), ctx);
  const pairs = await embedViews(volume, anchors.flatMap((p) => [{ slice: s[p], role: 'v1' as const }, { slice: s[p], role: 'v2' as const }]), ctx);
  let rate = 0;
  let pos = 0;
  let neg = 0;
  let adj = 0;
  let adjCount = 0;
  anchors.forEach((p, k) => {
    const v1 = pairs[2 * k];
    const sPlus = dot(v1, pairs[2 * k + 1]);
    let confused = 0;
    for (let q = 0; q < m; q++) {
      if (q === p) continue;
      const sMinus = dot(v1, w[q]);
      if (sMinus >= sPlus) confused++;
      neg += sMinus;
      if (q === p - 1 || q === p + 1) {
        adj += sMinus;
        adjCount++;
      }
    }
    rate += confused / (m - 1);
    pos += sPlus;
  });
  const a = anchors.length;
  return { id: volume.id, slices: m, anchors: a, confusableRate: rate / a, positiveMean: pos / a, negativeMean: mean(neg, a * (m - 1)), adjacentNegativeMean: mean(adj, adjCount) };
}

/** Confusability of each volume's slice set and of the data set (see the module comment). */
export async function measureConfusability(volumes: readonly ConfusabilityVolume[], embedder: SliceEmbedder, opts: ConfusabilityOptions): Promise<ConfusabilityResult> {
  if (opts.anchors !== undefined && !(Number.isInteger(opts.anchors) && opts.anchors >= 1)) throw new RangeError(`confusability: anchors must be a positive integer, got ${opts.anchors}`);
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new RangeError(`confusability: seed must be a whole number ≥ 0, got ${opts.seed}`);
  if (opts.batchSize !== undefined && !(Number.isInteger(opts.batchSize) && opts.batchSize >= 1)) throw new RangeError(`confusability: batch size must be a positive integer, got ${opts.batchSize}`);
  const sets = volumes.map(sliceSet);
  const total = sets.reduce((t, s) => t + viewCount(s.length, opts.anchors), 0);
  let done = 0;
  const ctx: Context = { embedder, kind: largeCrop(opts.preset), opts, progress: () => opts.onProgress?.(++done, total) };
  const out: VolumeConfusability[] = [];
  for (let i = 0; i < volumes.length; i++) out.push(await measureVolume(volumes[i], sets[i], ctx));
  const anchors = out.reduce((t, v) => t + v.anchors, 0);
  const weighted = out.reduce((t, v) => t + v.anchors * v.confusableRate, 0);
  return { volumes: out, dataset: { slices: out.reduce((t, v) => t + v.slices, 0), anchors, confusableRate: anchors > 0 ? weighted / anchors : 0 } };
}
