import { describe, expect, it } from 'vitest';
import { wrapLabel } from './wrapLabel';

describe('bar labels', () => {
  it('wrap at spaces instead of cutting ("from scratch" stays whole)', () => {
    expect(wrapLabel('from scratch')).toEqual(['from', 'scratch']);
    expect(wrapLabel('ALL')).toEqual(['ALL']);
    expect(wrapLabel('HASH ≤ 6 + overrides')).toEqual(['HASH ≤ 6 +', 'overrides']);
  });
  it('cut a long word into pieces, and only an over-long label loses its tail', () => {
    expect(wrapLabel('randominitialisation', 10)).toEqual(['randominit', 'ialisation']);
    expect(wrapLabel('a b c d e f g h i j k l m n o p', 3, 2)).toEqual(['a b', 'c …']);
  });
});
