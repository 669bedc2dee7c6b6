/**
 * Building and checking a LabelledSet (pure: the Node readers and the proxy task both end here).
 * Errors name the class or file at fault: no samples, an empty class, a single class.
 */
import type { LabelledSample, LabelledSet } from './types';

export class LabelledDataError extends Error {
  override name = 'LabelledDataError';
}

export interface MakeSetOptions {
  task: string;
  /** Classes the input declares (e.g. class folders), so an empty one is reported by name. */
  declaredClasses?: string[];
  notes?: string[];
  isProxy?: boolean;
  /** Where the samples came from, for messages. */
  origin?: string;
}

/** Samples → a checked LabelledSet with sorted class names and a note on mixed slice sizes. */
export function makeLabelledSet(samples: LabelledSample[], o: MakeSetOptions): LabelledSet {
  const where = o.origin ?? o.task;
  if (samples.length === 0) throw new LabelledDataError(`${where}: no labelled slices found`);
  const counts = classCounts(samples);
  const empty = (o.declaredClasses ?? []).filter((c) => !counts.has(c));
  if (empty.length) throw new LabelledDataError(`${where}: class ${empty.map((c) => `'${c}'`).join(', ')} has no readable slices`);
  const classes = [...counts.keys()].sort();
  if (classes.length < 2) throw new LabelledDataError(`${where}: only one class ('${classes[0]}'); a classification task needs at least two`);
  const notes = [...(o.notes ?? [])];
  const sizes = new Set(samples.map((s) => `${s.rows}×${s.cols}`));
  if (sizes.size > 1) notes.push(`mixed slice sizes (${[...sizes].slice(0, 5).join(', ')}${sizes.size > 5 ? ', …' : ''}); every slice is resized to the encoder input size (bilinear)`);
  return { task: o.task, classes, samples, notes, ...(o.isProxy ? { isProxy: true } : {}) };
}

export function classCounts(samples: readonly Pick<LabelledSample, 'label'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  return counts;
}
