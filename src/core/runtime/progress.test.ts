import { describe, expect, it } from 'vitest';
import { abortError, isAbortError, throwIfAborted } from './abort';
import { ProgressReporter, etaMs, pairCount } from './progress';

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

describe('abort helpers', () => {
  it('make one kind of AbortError that isAbortError recognises, like a DOMException abort', () => {
    expect(isAbortError(abortError('reading: aborted'))).toBe(true);
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new Error('other'))).toBe(false);
    expect(() => throwIfAborted(AbortSignal.abort(), 'nmi')).toThrow(expect.objectContaining({ name: 'AbortError', message: 'nmi: aborted' }));
  });
});

describe('etaMs', () => {
  it('extrapolates linearly and has no estimate before the first unit', () => {
    expect(etaMs(25, 100, 1000)).toBe(3000);
    expect(etaMs(0, 100, 1000)).toBeUndefined();
  });
});
