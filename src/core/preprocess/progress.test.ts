import { describe, expect, it } from 'vitest';
import { ProgressReporter, pairCount, throwIfAborted } from './progress';

describe('ProgressReporter', () => {
  it('reports at most once per `every` units and always at the end', () => {
    const seen: [number, number][] = [];
    const p = new ProgressReporter({ onProgress: (d, t) => seen.push([d, t]) }, 1000, 'test', 256);
    for (const done of [100, 255, 256, 300, 600, 999, 1000]) p.update(done);
    expect(seen).toEqual([[256, 1000], [600, 1000], [999, 1000], [1000, 1000]]);
  });

  it('throws an AbortError naming the method once the signal is aborted', () => {
    const ctl = new AbortController();
    const p = new ProgressReporter({ signal: ctl.signal }, 10, 'ssim');
    p.update(1);
    ctl.abort();
    expect(() => p.update(2)).toThrow(expect.objectContaining({ name: 'AbortError', message: 'ssim: aborted' }));
    expect(() => throwIfAborted(undefined, 'x')).not.toThrow();
  });

  it('counts unordered pairs', () => {
    expect([0, 1, 2, 64].map(pairCount)).toEqual([0, 0, 1, 2016]);
  });
});
