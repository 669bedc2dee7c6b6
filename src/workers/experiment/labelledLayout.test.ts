import { describe, expect, it } from 'vitest';
import { labelledLayout } from './labelledLayout';

const file = (path: string, text = '') => ({ path, bytes: new TextEncoder().encode(text) });

describe('labelledLayout', () => {
  it('reads an ImageFolder with optional split folders, under the picked folder', () => {
    const layout = labelledLayout([file('data/train/bleed/a.png'), file('data/train/normal/b.png'), file('data/test/bleed/c.png'), file('data/test/normal/d.dcm'), file('data/README.txt')]);
    expect(layout.kind).toBe('folder');
    expect(layout.classes).toEqual(['bleed', 'normal']);
    expect(layout.entries.map((e) => [e.label, e.split])).toEqual([['bleed', 'train'], ['normal', 'train'], ['bleed', 'test'], ['normal', 'test']]);
    expect(layout.notes.join(' ')).toMatch(/no groups/);
  });

  it('reads a CSV with header, groups and splits, matching paths by name', () => {
    const csv = 'path,label,group,split\nimgs/a.png,covid,p1,train\nimgs/b.png,normal,p2,test\n';
    const layout = labelledLayout([file('labels.csv', csv), file('set/imgs/a.png'), file('set/imgs/b.png')]);
    expect(layout.kind).toBe('csv');
    expect(layout.entries).toEqual([
      { path: 'set/imgs/a.png', label: 'covid', group: 'p1', split: 'train' },
      { path: 'set/imgs/b.png', label: 'normal', group: 'p2', split: 'test' },
    ]);
    expect(layout.notes).toEqual([]);
  });

  it('names the problem: one class, a file not picked, a file outside a class folder', () => {
    expect(() => labelledLayout([file('d/x/a.png'), file('d/x/b.png')])).toThrow(/only one class \('x'\)/);
    expect(() => labelledLayout([file('l.csv', 'a.png,x\nb.png,y'), file('a.png')])).toThrow(/l\.csv: 1 listed file was not picked \(b\.png\)/);
    expect(() => labelledLayout([file('a.png'), file('b/c.png')])).toThrow(/a\.png: not inside a class folder/);
  });
});
