/**
 * Natural ("human") order of file names: digit runs compare as numbers, so IM2 < IM10 and
 * p_1_9.png < p_1_10.png. Ties (e.g. "01" vs "1") fall back to plain code-unit order so the result
 * is total and deterministic.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
