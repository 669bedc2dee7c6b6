/**
 * The built-in PROXY task for when no labels are at hand: which third of its volume (along z) a
 * slice comes from. Each third is cut into contiguous blocks; `gap` slices are dropped between
 * blocks and between thirds, and every block is one group, so grouped folds never put a slice's
 * direct neighbours into train and test at once. It tells whether features encode coarse anatomy
 * (slice level), not whether they help a clinical task; see docs/evaluation.md.
 */
import { makeLabelledSet } from './labelled';
import type { EncoderSource, LabelledSample, LabelledSet } from './types';

/** What proxyTask needs of a volume's slices (TrainingSlices of contract B fits). */
export interface SliceStack {
  count: number;
  rows: number;
  cols: number;
  slice(i: number): Uint8Array;
}

export interface ProxyOptions {
  /** Contiguous blocks per third (default 5: at least one per fold of 5-fold cross-validation). */
  blocksPerThird?: number;
  /** Slices dropped between neighbouring blocks and thirds (default per volume: count/64 rounded, 1..5). */
  gap?: number;
  /** Group by block (default; works with one volume) or by whole volume (needs ≥ folds volumes). */
  groupBy?: 'block' | 'volume';
}

export const PROXY_CLASSES = ['z1-first-third', 'z2-middle-third', 'z3-last-third'] as const;

/** The raw-pixel baseline shown beside every proxy evaluation: a linear probe on 16×16 pixels. */
export const PROXY_PIXEL_BASELINE: EncoderSource = { kind: 'pixels', size: 16 };

/** Index ranges [start, end) of `parts` contiguous runs of [start, end) with `gap` slices dropped between runs. */
export function blocksWithGaps(start: number, end: number, parts: number, gap: number): [number, number][] {
  const usable = end - start - gap * (parts - 1);
  if (usable < parts) return [];
  const out: [number, number][] = [];
  let at = start;
  for (let b = 0; b < parts; b++) {
    const len = Math.floor(usable / parts) + (b < usable % parts ? 1 : 0);
    out.push([at, at + len]);
    at += len + gap;
  }
  return out;
}

export function proxyTask(volumes: readonly { id: string; slices: SliceStack }[], opts: ProxyOptions = {}): LabelledSet {
  const blocks = opts.blocksPerThird ?? 5;
  const gapOf = (count: number) => opts.gap ?? Math.max(1, Math.min(5, Math.round(count / 64)));
  const samples: LabelledSample[] = [];
  const gaps = [...new Set(volumes.map((v) => gapOf(v.slices.count)))].join('/');
  const notes = [`proxy task: anatomical level (thirds along z); ${blocks} contiguous blocks per third, ${gaps} gap slice(s) dropped between blocks and thirds, grouped by ${opts.groupBy ?? 'block'}`];
  for (const { id, slices } of volumes) {
    const gap = gapOf(slices.count);
    const thirds = blocksWithGaps(0, slices.count, 3, gap);
    const perThird = thirds.map(([a, b]) => blocksWithGaps(a, b, blocks, gap));
    if (perThird.length < 3 || perThird.some((t) => t.length < blocks)) {
      notes.push(`${id}: ${slices.count} slices are too few for 3 × ${blocks} blocks with ${gap}-slice gaps; skipped`);
      continue;
    }
    perThird.forEach((ranges, third) =>
      ranges.forEach(([a, b], block) => {
        for (let z = a; z < b; z++) {
          const group = opts.groupBy === 'volume' ? id : `${id}#${third}.${block}`;
          samples.push({ id: `${id}:${z}`, label: PROXY_CLASSES[third], group, pixels: slices.slice(z), rows: slices.rows, cols: slices.cols, source: `${id} slice ${z}` });
        }
      }),
    );
  }
  return makeLabelledSet(samples, { task: 'proxy: anatomical level (thirds along z)', isProxy: true, notes, origin: 'proxy task' });
}
