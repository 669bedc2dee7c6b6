/**
 * The paper's three pictures for one labelled set and one or two encoders (plus a fine-tuned one):
 * CKA per block (layer × layer and diagonal), t-SNE of the pooled features with the PCC per axis, and
 * Grad-CAM maps at the last conv block. Images: the set's test part when it has one, else all of it;
 * CKA and t-SNE on a seeded sample of at most 512 of them. Grad-CAM's head, when the encoder has
 * none, is a linear probe fitted on the features of the train part (all images when there is no split).
 */
import { inputBatch, predictRows } from '../eval/features';
import type { LabelledSet } from '../eval/types';
import { throwIfAborted } from '../runtime';
import { blockLayers } from './blocks';
import { ckaMatrix, type Gram } from './cka';
import { gradCam, gradCamTrunk } from './gradcam';
import { blockGrams } from './grams';
import { fitProbeHead, headLogits } from './head';
import { createRng, shuffleInPlace } from '../eval/random';
import { MAX_ANALYSIS_IMAGES, sampleIndices } from './sample';
import { axisClassPcc, tsne2d } from './tsne';
import type { AnalysisEncoder, AnalysisResult, AnalyzeOptions, CkaResult, GradCamItem, TsneResult } from './types';

function indicesWhere(set: LabelledSet, keep: (i: number) => boolean): number[] {
  return set.samples.map((_, i) => i).filter(keep);
}

/** Up to n images spread over the classes (round robin, each class in a seeded order). */
export function gradCamPicks(set: LabelledSet, pool: readonly number[], n: number, seed: number): number[] {
  const rng = createRng(seed);
  const byClass = set.classes.map((c) => shuffleInPlace(pool.filter((i) => set.samples[i].label === c), rng));
  const out: number[] = [];
  for (let r = 0; out.length < Math.min(n, pool.length); r++) for (const list of byClass) if (r < list.length && out.length < n) out.push(list[r]);
  return out;
}

function ckaResult(a: AnalysisEncoder, b: AnalysisEncoder, la: string[], lb: string[], ga: Gram[], gb: Gram[]): CkaResult {
  const same = la.length === lb.length && la.every((n, i) => n === lb[i]);
  return { a: a.name, b: b.name, layers: la, ...(same ? {} : { layersB: lb }), ...ckaMatrix(ga, gb) };
}

/**
 * `encoders`: one or two (CKA of the first with the second, or with itself), or any number with
 * `o.pairs` saying which to compare (the app: ALL against each arm). `o.finetuned` joins the list last.
 */
export async function analyzeEncoders(set: LabelledSet, encoders: AnalysisEncoder[], o: AnalyzeOptions): Promise<AnalysisResult> {
  if (encoders.length < 1 || (encoders.length > 2 && !o.pairs)) throw new Error(`analysis: one or two encoders, or pairs to compare (got ${encoders.length} encoders)`);
  const all = o.finetuned ? [...encoders, o.finetuned] : encoders;
  const pairs = o.pairs ?? [[0, encoders.length === 2 ? 1 : 0]];
  for (const [i, j] of pairs) if (!all[i] || !all[j]) throw new Error(`analysis: pair (${i}, ${j}) names an encoder that is not there`);
  const notes: string[] = [];
  const hasTest = set.samples.some((s) => s.split === 'test');
  const pool = hasTest ? indicesWhere(set, (i) => set.samples[i].split === 'test') : set.samples.map((_, i) => i);
  const max = o.maxImages ?? MAX_ANALYSIS_IMAGES;
  const images = sampleIndices(pool, max, o.seed);
  if (images.length < pool.length) notes.push(`CKA and t-SNE on a seeded sample of ${images.length} of ${pool.length} images (seed ${o.seed})`);
  const labelIndex = (i: number) => set.classes.indexOf(set.samples[i].label);

  // CKA: every block of every encoder on the same images
  const layers = all.map((e) => blockLayers(e.model, e.arch));
  const grams = await blockGrams(all.map((e, k) => ({ model: e.model, norm: e.norm, layers: layers[k] })), set.samples, images, {
    budgetBytes: o.budgetBytes,
    signal: o.signal,
    onProgress: (d, t) => o.onProgress?.('cka', d, t),
  });
  const pairResult = ([i, j]: [number, number]) => ckaResult(all[i], all[j], layers[i], layers[j], grams[i], grams[j]);
  const ckaPairs = pairs.map(pairResult);
  const last = all.length - 1;
  const ckaFinetuned = o.finetuned ? pairResult([0, last]) : undefined;
  const result: AnalysisResult = {
    encoders: all.map((e) => e.name),
    images: { count: images.length, part: hasTest ? 'test' : 'all', sampled: images.length < pool.length },
    classes: set.classes,
    cka: ckaPairs[0],
    ...(o.pairs ? { ckaPairs } : {}),
    ...(ckaFinetuned ? { ckaFinetuned } : {}),
    notes,
  };
  if (o.tsne) result.tsne = await tsneAll(set, all, images, labelIndex, o);
  if (o.gradcam > 0) result.gradcam = await gradCamAll(set, all, pool, hasTest, labelIndex, o, notes);
  return result;
}

async function tsneAll(set: LabelledSet, all: AnalysisEncoder[], images: number[], labelIndex: (i: number) => number, o: AnalyzeOptions): Promise<TsneResult[]> {
  const out: TsneResult[] = [];
  for (const [k, e] of all.entries()) {
    const rows = await predictRows(e.model, set.samples, images, e.norm, 32, o.signal);
    const pts = await tsne2d(rows, {
      seed: o.seed,
      iterations: o.tsneIterations,
      signal: o.signal,
      onProgress: (d, t) => o.onProgress?.('tsne', k * t + d, all.length * t),
    });
    out.push({ encoder: e.name, points: pts.map(([x, y], j) => ({ x, y, label: set.samples[images[j]].label })), pcc: axisClassPcc(pts, images.map(labelIndex)) });
  }
  return out;
}

async function gradCamAll(set: LabelledSet, all: AnalysisEncoder[], pool: number[], hasTest: boolean, labelIndex: (i: number) => number, o: AnalyzeOptions, notes: string[]): Promise<GradCamItem[]> {
  const picks = gradCamPicks(set, pool, o.gradcam, o.seed);
  const train = hasTest ? indicesWhere(set, (i) => set.samples[i].split === 'train') : pool;
  const val = indicesWhere(set, (i) => set.samples[i].split === 'val');
  const items: GradCamItem[] = [];
  let done = 0;
  for (const e of all) {
    let head = e.head;
    if (!head) {
      const fitOn = train.length ? train : pool;
      const valOn = val.length ? val : fitOn;
      const [trainX, valX] = [await predictRows(e.model, set.samples, fitOn, e.norm, 32, o.signal), await predictRows(e.model, set.samples, valOn, e.norm, 32, o.signal)];
      head = fitProbeHead({ trainX, trainY: fitOn.map(labelIndex), valX, valY: valOn.map(labelIndex), classes: set.classes.length, signal: o.signal });
      notes.push(`${e.name}: Grad-CAM explains a linear probe fitted on its features of ${fitOn.length} ${train.length && hasTest ? 'train' : ''} images`.replace('  ', ' '));
    }
    const trunk = gradCamTrunk(e.model);
    const pooled = await predictRows(e.model, set.samples, picks, e.norm, 32, o.signal);
    const predicted = headLogits(head, pooled).map((l) => l.indexOf(Math.max(...l)));
    for (const [k, i] of picks.entries()) {
      throwIfAborted(o.signal, 'analysis');
      const x = inputBatch(set.samples, [i], e.norm);
      const g = await gradCam(trunk, head, x, labelIndex(i));
      x.dispose();
      const s = set.samples[i];
      items.push({ encoder: e.name, image: s.id, label: s.label, class: s.label, predicted: set.classes[predicted[k]], sample: i, cam: g.cam, size: g.size });
      o.onProgress?.('gradcam', ++done, all.length * picks.length);
    }
  }
  return items;
}

