import { beforeEach, describe, expect, it } from 'vitest';
import { createAppStore, type AppState } from './index';
import type { VolumeSummary } from './volumesSlice';
import { resultKey } from './analysisSlice';
import { applyUrlView, formatUrlView, parseUrlView } from './url';
import type { StoreApi } from 'zustand';

function volume(id: string, slices: number): VolumeSummary {
  return { id, name: id, format: 'nifti', rows: 4, cols: 4, slices, spacing: [1, 1, 1], modality: 'CT', warnings: [] };
}

let store: StoreApi<AppState>;
const s = () => store.getState();

beforeEach(() => {
  store = createAppStore();
});

describe('volumes slice', () => {
  it('activates the first added volume mid-volume and switches between volumes', () => {
    s().addVolumes([volume('a', 10), volume('b', 4)]);
    expect(s().activeVolumeId).toBe('a');
    expect(s().sliceIndex).toBe(5);
    s().setActiveVolume('b');
    expect(s().activeVolumeId).toBe('b');
    expect(s().sliceIndex).toBe(2);
    s().setActiveVolume('missing');
    expect(s().activeVolumeId).toBe('b');
  });
  it('replaces a volume re-added with the same id', () => {
    s().addVolumes([volume('a', 10)]);
    s().addVolumes([volume('a', 12)]);
    expect(s().volumes).toHaveLength(1);
    expect(s().volumes[0].slices).toBe(12);
  });
  it('keeps errors with the file name until dismissed', () => {
    s().reportErrors([{ file: 'bad.dcm', message: 'not DICOM' }]);
    expect(s().errors[0]).toMatchObject({ file: 'bad.dcm', message: 'not DICOM' });
    s().dismissError(s().errors[0].id);
    expect(s().errors).toEqual([]);
    s().reportErrors([{ file: 'a', message: 'x' }, { file: 'b', message: 'y' }]);
    s().dismissAllErrors();
    expect(s().errors).toEqual([]);
  });
  it('closes a volume, activating its neighbour, and forgets its overrides in memory', () => {
    s().addVolumes([volume('a', 10), volume('b', 4), volume('c', 6)]);
    s().setActiveVolume('b');
    s().setOverride('b', 1, 'keep');
    s().removeVolume('b');
    expect(s().volumes.map((v) => v.id)).toEqual(['a', 'c']);
    expect(s().activeVolumeId).toBe('c');
    expect(s().overrides.b).toBeUndefined();
    s().removeVolume('a');
    s().removeVolume('c');
    expect(s().activeVolumeId).toBeNull();
  });
});

describe('view slice', () => {
  it('clamps slice navigation to the active volume', () => {
    s().addVolumes([volume('a', 10)]);
    s().setSlice(99);
    expect(s().sliceIndex).toBe(9);
    s().stepSlice(-3);
    expect(s().sliceIndex).toBe(6);
    s().setSlice(-5);
    expect(s().sliceIndex).toBe(0);
  });
  it('applies window presets', () => {
    s().applyPreset('lung');
    expect(s().windowLevel).toEqual({ width: 1500, center: -600 });
  });
});

describe('analysis slice', () => {
  it('keeps one threshold per method, clamped to its range and step', () => {
    s().setThreshold(70);
    expect(s().thresholds.hash).toBe(64);
    s().setThreshold(5.6);
    expect(s().thresholds.hash).toBe(6);
    s().setMethod('ssim');
    s().setThreshold(0.8534);
    expect(s().thresholds.ssim).toBeCloseTo(0.853, 9);
    expect(s().thresholds.hash).toBe(6);
  });
  it('offers leader only for HASH', () => {
    s().setAlgorithm('leader');
    expect(s().algorithm).toBe('leader');
    s().setMethod('nmi');
    expect(s().algorithm).toBe('greedy');
    s().setAlgorithm('leader');
    expect(s().algorithm).toBe('greedy');
  });
  it('tracks a compute run from start to result', () => {
    s().computeStarted(100, 0);
    s().computeProgress(40, 100, 10);
    expect(s().compute).toMatchObject({ status: 'running', done: 40, total: 100 });
    const key = resultKey('sha', 'hash');
    s().computeFinished({ key, volumeId: 'a', method: 'hash', n: 10, backend: 'webgpu', elapsedMs: 5, fromCache: false });
    expect(s().compute.status).toBe('done');
    expect(s().results[key].n).toBe(10);
  });
});

describe('overrides slice', () => {
  it('sets and clears per-slice overrides', () => {
    s().setOverride('a', 3, 'keep');
    s().setOverride('a', 4, 'drop');
    s().setOverride('a', 3, null);
    expect(s().overrides.a).toEqual({ 4: 'drop' });
  });
  it('undoes the last change of a volume, one at a time, imports included', () => {
    s().setOverride('a', 3, 'keep');
    s().setOverride('b', 1, 'drop');
    s().setOverride('a', 3, 'drop');
    s().replaceOverrides('a', { 9: 'keep' }, 'import x.json');
    expect(s().undoOverride('a')?.what).toBe('import x.json');
    expect(s().overrides.a).toEqual({ 3: 'drop' });
    s().undoOverride('a');
    expect(s().overrides.a).toEqual({ 3: 'keep' });
    s().undoOverride('a');
    expect(s().overrides.a).toEqual({});
    expect(s().undoOverride('a')).toBeUndefined();
    expect(s().overrides.b).toEqual({ 1: 'drop' });
  });
  it('does not record a change that changes nothing', () => {
    s().setOverride('a', 3, null);
    expect(s().overrideHistory).toEqual([]);
  });
});

describe('URL view', () => {
  it('round-trips method, threshold, slice and window', () => {
    s().addVolumes([volume('a', 50)]);
    const view = parseUrlView('?sample=head-ct&method=nmi&t=1.25&slice=7&wl=40,400&bogus=1');
    expect(view).toEqual({ sample: 'head-ct', method: 'nmi', threshold: 1.25, slice: 7, windowLevel: { center: 40, width: 400 } });
    applyUrlView(s(), view);
    expect(formatUrlView(s(), 'head-ct')).toBe('?sample=head-ct&method=nmi&t=1.25&slice=7&wl=40%2C400');
  });
  it('ignores malformed values', () => {
    expect(parseUrlView('?method=foo&t=abc&slice=-2&wl=1&backend=tpu')).toEqual({});
  });
  it('keeps a sample value that is no sample name, to say so instead of opening the default', () => {
    expect(parseUrlView('?sample=../../etc/passwd')).toEqual({ badSample: '../../etc/passwd' });
  });
  it('carries a forced backend, and leaves auto out of the URL', () => {
    applyUrlView(s(), parseUrlView('?backend=webgpu'));
    expect(s().backendRequest).toBe('webgpu');
    expect(formatUrlView(s(), undefined)).toContain('backend=webgpu');
    s().setBackendRequest('auto');
    expect(formatUrlView(s(), undefined)).not.toContain('backend');
  });
  it('switches to keep-% mode when keep is given', () => {
    applyUrlView(s(), parseUrlView('?keep=20'));
    expect(s().thresholdMode).toBe('keepPercent');
    expect(s().keepPercent).toBe(20);
  });
});

describe('leader and keep %', () => {
  it('refuses keep % while leader is chosen, and choosing leader leaves keep %', () => {
    s().setAlgorithm('leader');
    s().setThresholdMode('keepPercent');
    expect(s().thresholdMode).toBe('threshold');
    s().setAlgorithm('greedy');
    s().setThresholdMode('keepPercent');
    s().setAlgorithm('leader');
    expect(s().thresholdMode).toBe('threshold');
    expect(s().algorithm).toBe('leader');
  });
  it('says so when the URL asks for both, and keeps the threshold', () => {
    applyUrlView(s(), parseUrlView('?method=hash&algo=leader&keep=10'));
    expect(s().algorithm).toBe('leader');
    expect(s().thresholdMode).toBe('threshold');
    expect(s().errors[0].message).toMatch(/leader has no keep-% mode/);
  });
});
