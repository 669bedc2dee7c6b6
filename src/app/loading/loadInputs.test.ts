import { describe, expect, it, vi } from 'vitest';
import { readVolumes } from '../../core/volume';
import { inputFileFromBytes } from '../../core/volume/input';
import type { Volume } from '../../core/volume/types';
import type { ReadSource } from '../../workers/readProtocol';
import { createAppStore } from '../store';
import { getVolume } from '../volumes/registry';
import { loadInputs } from './loadInputs';
import type { SourceReader } from './readClient';

/** Reads in-memory bytes with the real core readers (the worker does the same with Files). */
function bytesReader(bytes: Record<string, Uint8Array>): SourceReader {
  return (sources, onProgress) => readVolumes(sources.map((s) => inputFileFromBytes(s.path, bytes[s.path])), { onProgress });
}

function source(path: string): ReadSource {
  return { kind: 'url', url: `http://localhost/${path}`, path };
}

/** A tiny NIfTI-1 int16 volume (cols × rows × slices), voxel value = slice index. */
function nifti(cols: number, rows: number, slices: number): Uint8Array {
  const header = new DataView(new ArrayBuffer(352));
  header.setInt32(0, 348, true);
  [3, cols, rows, slices, 1, 1, 1, 1].forEach((d, i) => header.setInt16(40 + 2 * i, d, true));
  header.setInt16(70, 4, true);
  header.setInt16(72, 16, true);
  [1, 1, 1, 1, 1, 1, 1, 1].forEach((p, i) => header.setFloat32(76 + 4 * i, p, true));
  header.setFloat32(108, 352, true);
  header.setFloat32(112, 1, true);
  new Uint8Array(header.buffer).set([0x6e, 0x2b, 0x31, 0], 344);
  const voxels = new Int16Array(cols * rows * slices).map((_, i) => Math.floor(i / (cols * rows)));
  const out = new Uint8Array(352 + voxels.byteLength);
  out.set(new Uint8Array(header.buffer));
  out.set(new Uint8Array(voxels.buffer), 352);
  return out;
}

describe('loadInputs', () => {
  it('registers the volumes read, activates the first, applies ids and adjustments', async () => {
    const store = createAppStore();
    const reader = bytesReader({ 'a.nii': nifti(4, 3, 5) });
    const ids = await loadInputs(store.getState, [source('a.nii')], 'a.nii', {
      reader, idFor: () => 'sample-a', adjust: (v: Volume) => { v.window = { center: 1, width: 2 }; },
    });
    expect(ids).toEqual(['sample-a']);
    const s = store.getState();
    expect(s.activeVolumeId).toBe('sample-a');
    expect(s.volumes[0]).toMatchObject({ id: 'sample-a', rows: 3, cols: 4, slices: 5 });
    expect(getVolume('sample-a').window).toEqual({ center: 1, width: 2 });
    expect(s.loading).toBeNull();
  });
  it('does not open the same input twice, nor the same voxels under another name', async () => {
    const store = createAppStore();
    const bytes = nifti(4, 3, 5);
    const reader = bytesReader({ 'twice.nii': bytes, 'copy/twice.nii': bytes });
    const first = await loadInputs(store.getState, [source('twice.nii')], 'twice.nii', { reader });
    expect(await loadInputs(store.getState, [source('twice.nii')], 'twice.nii', { reader })).toEqual(first);
    expect(store.getState().volumes).toHaveLength(1);
    expect(store.getState().errors[0]).toMatchObject({ kind: 'notice', message: expect.stringMatching(/already open/) });
    await vi.waitFor(() => expect(store.getState().volumes[0].voxelSha256).toBeDefined());
    await loadInputs(store.getState, [source('copy/twice.nii')], 'copy/twice.nii', { reader });
    await vi.waitFor(() => expect(store.getState().volumes).toHaveLength(1));
    expect(store.getState().activeVolumeId).toBe(first[0]);
    expect(store.getState().errors.at(-1)?.message).toMatch(/already open \(same file, same voxels\)/);
  });
  it('says an empty folder is empty', async () => {
    const store = createAppStore();
    expect(await loadInputs(store.getState, [], 'scans/', { reader: bytesReader({}) })).toEqual([]);
    expect(store.getState().errors[0]).toMatchObject({ file: 'scans/', message: expect.stringMatching(/folder is empty/) });
  });

  it('reports a bad file by name and keeps the app state usable', async () => {
    const store = createAppStore();
    const reader = bytesReader({ 'broken.nii': new Uint8Array([1, 2, 3, 4]) });
    expect(await loadInputs(store.getState, [source('broken.nii')], 'broken.nii', { reader })).toEqual([]);
    const { errors, loading, volumes } = store.getState();
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toBe('broken.nii');
    expect(errors[0].message).toMatch(/broken\.nii/);
    expect(loading).toBeNull();
    expect(volumes).toEqual([]);
  });

  it('lists files it skipped next to the volumes it read', async () => {
    const store = createAppStore();
    const reader = bytesReader({ 'b.nii': nifti(2, 2, 3), 'notes.txt': new Uint8Array([104, 105]) });
    const ids = await loadInputs(store.getState, [source('b.nii'), source('notes.txt')], 'folder', { reader });
    expect(ids).toHaveLength(1);
    expect(store.getState().errors.map((e) => e.file)).toEqual(['notes.txt']);
  });
});
