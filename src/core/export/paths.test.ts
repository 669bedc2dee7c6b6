import { describe, expect, it } from 'vitest';
import { buildManifest, type Manifest } from '../manifest';
import { reduce } from '../reduction';
import { commonRoot, foldersToPseudonymise, rewriteManifestPaths } from './paths';

function manifestOf(files: string[], name = 'CT series 1.2.3', source: string | string[] = files): Manifest {
  const result = reduce(files.length, { method: 'everyn', every: 2 });
  return buildManifest({
    volumes: [{ meta: { id: name, name, sources: files.map((file) => ({ file })) }, source, voxelSha256: 'a'.repeat(64), result }],
    params: { method: 'everyn', every: 2 }, backend: 'none', conversion: { kind: 'minmax' }, createdAt: '2026-01-01T00:00:00.000Z',
  });
}

const picked = ['Smith_John/CT_HEAD/IM1.dcm', 'Smith_John/CT_HEAD/IM2.dcm', 'Smith_John/SCOUT/IM3.dcm'];

describe('export paths', () => {
  it('finds the chosen root: the picked folder every path starts with, never a file name', () => {
    expect(commonRoot(picked)).toEqual(['Smith_John']);
    expect(commonRoot(['a/b/x.dcm', 'a/b/y.dcm'])).toEqual(['a']);
    expect(commonRoot(['x.nii'])).toEqual([]);
    expect(commonRoot(['a/x.dcm', 'b/y.dcm'])).toEqual([]);
    expect(commonRoot(['a\\b\\x.dcm', 'a/c/y.dcm'])).toEqual(['a']);
  });
  it('defaults to paths relative to the root: its name is gone', () => {
    const m = rewriteManifestPaths(manifestOf(picked), { mode: 'relative' });
    expect(m.volumes[0].slices.map((s) => s.file)).toEqual(['CT_HEAD/IM1.dcm', 'CT_HEAD/IM2.dcm', 'SCOUT/IM3.dcm']);
    expect(m.volumes[0].source).toEqual(['CT_HEAD/IM1.dcm', 'CT_HEAD/IM2.dcm', 'SCOUT/IM3.dcm']);
    expect(JSON.stringify(m)).not.toContain('Smith');
  });
  it('pseudonymises every folder name, keeps file names, and names a PNG folder volume the same way', () => {
    const original = manifestOf(['Smith_John/s_0.png', 'Smith_John/s_1.png'], 'Smith_John', 'Smith_John');
    expect(foldersToPseudonymise(original)).toEqual(['Smith_John']);
    const deep = manifestOf(picked);
    expect(foldersToPseudonymise(deep).sort()).toEqual(['CT_HEAD', 'SCOUT', 'Smith_John']);
    const pseudonyms = new Map([['Smith_John', 'folder-1'], ['CT_HEAD', 'folder-2'], ['SCOUT', 'folder-3']]);
    const m = rewriteManifestPaths(deep, { mode: 'pseudonymised', pseudonyms });
    expect(m.volumes[0].slices.map((s) => s.file)).toEqual(['folder-2/IM1.dcm', 'folder-2/IM2.dcm', 'folder-3/IM3.dcm']);
    const png = rewriteManifestPaths(original, { mode: 'pseudonymised', pseudonyms });
    expect(png.volumes[0]).toMatchObject({ id: 'folder-1', name: 'folder-1', source: '.' });
    expect(JSON.stringify(png)).not.toMatch(/Smith|CT_HEAD|SCOUT/);
    expect(() => rewriteManifestPaths(deep, { mode: 'pseudonymised', pseudonyms: new Map() })).toThrow(/no pseudonym for folder/);
  });
  it('leaves paths as opened when asked, and a single file as it is', () => {
    const m = manifestOf(picked);
    expect(rewriteManifestPaths(m, { mode: 'as-opened' })).toBe(m);
    expect(rewriteManifestPaths(manifestOf(['head.nii', 'head.nii'], 'head.nii', 'head.nii'), { mode: 'relative' }).volumes[0].source).toBe('head.nii');
  });
});
