import { describe, expect, it } from 'vitest';
import { labelledLayout } from './labelledLayout';

const file = (path: string, text = '') => ({ path, bytes: new TextEncoder().encode(text) });

describe('labelledLayout (picked or dropped files)', () => {
  it('reads an ImageFolder with split folders under the picked folder', () => {
    const layout = labelledLayout([file('data/train/bleed/a.png'), file('data/train/normal/b.png'), file('data/test/bleed/c.png'), file('data/test/normal/d.dcm')]);
    expect(layout.kind).toBe('folder');
    expect(layout.origin).toBe('data');
    expect(layout.classes).toEqual(['bleed', 'normal']);
    expect(layout.entries.map((e) => [e.file.path, e.label, e.split])).toEqual([
      ['train/bleed/a.png', 'bleed', 'train'], ['train/normal/b.png', 'normal', 'train'], ['test/bleed/c.png', 'bleed', 'test'], ['test/normal/d.dcm', 'normal', 'test'],
    ]);
    expect(layout.notes.join(' ')).not.toMatch(/no groups/); // core planRuns makes that note, once
  });

  it('reads a CSV with groups and splits, matching its paths to the picked images', () => {
    const csv = 'path,label,group,split\nimgs/a.png,covid,p1,train\nimgs/b.png,normal,p2,test\n';
    const layout = labelledLayout([file('labels.csv', csv), file('set/imgs/a.png', 'A'), file('set/imgs/b.png', 'B')]);
    expect(layout.kind).toBe('csv');
    expect(layout.entries.map((e) => [e.file.path, e.label, e.group, e.split])).toEqual([['imgs/a.png', 'covid', 'p1', 'train'], ['imgs/b.png', 'normal', 'p2', 'test']]);
    expect(layout.notes).toEqual([]);
  });

  it('names the problem: one class, a listed file not picked, a file outside a class folder', () => {
    expect(() => labelledLayout([file('d/x/a.png'), file('d/x/b.png')])).toThrow(/only one class \('x'\)/);
    expect(() => labelledLayout([file('l.csv', 'a.png,x\nb.png,y'), file('a.png')])).toThrow(/l\.csv: 1 listed file was not picked \(b\.png\)/);
    expect(() => labelledLayout([file('a.png'), file('b/c.png')])).toThrow(/a\.png is not inside a class folder/);
  });
});
