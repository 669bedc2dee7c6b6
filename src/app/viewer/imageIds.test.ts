import { describe, expect, it } from 'vitest';
import { parseSliceImageId, sliceImageId, stackImageIds } from './imageIds';

describe('ctsieve image ids', () => {
  it('round-trips volume ids with reserved characters', () => {
    const id = sliceImageId('head ct?#1', 7);
    expect(id.startsWith('ctsieve:')).toBe(true);
    expect(parseSliceImageId(id)).toEqual({ volumeId: 'head ct?#1', slice: 7 });
  });
  it('ignores other schemes and malformed ids', () => {
    expect(parseSliceImageId('wadouri:http://x')).toBeUndefined();
    expect(parseSliceImageId('ctsieve:abc?slice=x')).toBeUndefined();
  });
  it('lists one id per slice in order', () => {
    expect(stackImageIds('v', 3)).toEqual(['ctsieve:v?slice=0', 'ctsieve:v?slice=1', 'ctsieve:v?slice=2']);
  });
});
