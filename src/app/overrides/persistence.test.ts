import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../store';
import type { VolumeSummary } from '../store/volumesSlice';
import { OverrideStore, persistOverrides } from './persistence';

function volume(id: string, sha?: string): VolumeSummary {
  return { id, name: `${id}.nii`, format: 'nifti', rows: 4, cols: 4, slices: 20, spacing: [1, 1, 1], modality: 'CT', warnings: [], voxelSha256: sha };
}

describe('override persistence', () => {
  it('restores a volume\'s overrides after a "reload", by voxelSha256, whatever its id', async () => {
    const factory = new IDBFactory();
    const first = createAppStore();
    const p1 = persistOverrides(first, new OverrideStore(factory));
    first.getState().addVolumes([volume('a', 'f'.repeat(64))]);
    await p1.whenIdle();
    first.getState().setOverride('a', 3, 'keep');
    first.getState().setOverride('a', 7, 'drop');
    await p1.whenIdle();
    p1.stop();

    const second = createAppStore(); // a fresh page: nothing in memory
    const p2 = persistOverrides(second, new OverrideStore(factory));
    second.getState().addVolumes([volume('renamed')]);
    second.getState().setVolumeHash('renamed', 'f'.repeat(64));
    await p2.whenIdle();
    expect(second.getState().overrides.renamed).toEqual({ 3: 'keep', 7: 'drop' });
    expect(second.getState().overrideHistory).toEqual([]); // restoring is not an undoable change
    expect(second.getState().errors[0]).toMatchObject({ kind: 'notice', message: expect.stringMatching(/restored 2/) });
  });

  it('saves clears too, and keeps volumes with other voxels apart', async () => {
    const factory = new IDBFactory();
    const saved = new OverrideStore(factory);
    const app = createAppStore();
    const p = persistOverrides(app, saved);
    app.getState().addVolumes([volume('a', 'a'.repeat(64)), volume('b', 'b'.repeat(64))]);
    await p.whenIdle();
    app.getState().setOverride('a', 1, 'drop');
    app.getState().setOverride('b', 2, 'keep');
    await p.whenIdle();
    app.getState().undoOverride('a');
    await p.whenIdle();
    expect(await saved.load('a'.repeat(64))).toBeUndefined();
    expect(await saved.load('b'.repeat(64))).toEqual({ 2: 'keep' });
  });

  it('works without IndexedDB (session only)', async () => {
    const app = createAppStore();
    const p = persistOverrides(app, new OverrideStore(undefined));
    app.getState().addVolumes([volume('a', 'c'.repeat(64))]);
    app.getState().setOverride('a', 1, 'keep');
    await p.whenIdle();
    expect(app.getState().overrides.a).toEqual({ 1: 'keep' });
  });
});
