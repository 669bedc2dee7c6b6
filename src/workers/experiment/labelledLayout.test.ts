import { describe, expect, it } from 'vitest';
import { labelledLayout } from './labelledLayout';

const file = (path: string, text = '') => ({ path, bytes: new TextEncoder().encode(text) });

describe('labelledLayout (picked or dropped files)', () => {
  it('reads an ImageFolder with split folders under the picked folder', async () => {
    const layout = await labelledLayout([file('data/train/bleed/a.png'), file('data/train/normal/b.png'), file('data/test/bleed/c.png'), file('data/test/normal/d.dcm')]);
    expect(layout.kind).toBe('folder');
    expect(layout.origin).toBe('data');
    expect(layout.classes).toEqual(['bleed', 'normal']);
    expect(layout.entries.map((e) => [e.file.path, e.label, e.split])).toEqual([
      ['train/bleed/a.png', 'bleed', 'train'], ['train/normal/b.png', 'normal', 'train'], ['test/bleed/c.png', 'bleed', 'test'], ['test/normal/d.dcm', 'normal', 'test'],
    ]);
    expect(layout.notes.join(' ')).not.toMatch(/no groups/); // core planRuns makes that note, once
  });

  it('reads a CSV with groups and splits, matching its paths to the picked images', async () => {
    const csv = 'path,label,group,split\nimgs/a.png,covid,p1,train\nimgs/b.png,normal,p2,test\n';
    const layout = await labelledLayout([file('labels.csv', csv), file('set/imgs/a.png', 'A'), file('set/imgs/b.png', 'B')]);
    expect(layout.kind).toBe('csv');
    expect(layout.entries.map((e) => [e.file.path, e.label, e.group, e.split])).toEqual([['imgs/a.png', 'covid', 'p1', 'train'], ['imgs/b.png', 'normal', 'p2', 'test']]);
    expect(layout.notes).toEqual([]);
  });

  it('names the problem: one class, a listed file not picked, a file outside a class folder', async () => {
    await expect(labelledLayout([file('d/x/a.png'), file('d/x/b.png')])).rejects.toThrow(/only one class \('x'\)/);
    await expect(labelledLayout([file('l.csv', 'a.png,x\nb.png,y'), file('a.png')])).rejects.toThrow(/l\.csv: 1 listed file was not picked \(b\.png\)/);
    await expect(labelledLayout([file('a.png'), file('b/c.png')])).rejects.toThrow(/a\.png is not inside a class folder/);
  });
});
