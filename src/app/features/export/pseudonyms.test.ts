import { describe, expect, it } from 'vitest';
import { pseudonymKey, pseudonymsFor } from './pseudonyms';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('folder pseudonyms', () => {
  it('are stable for one key, differ between keys, and do not contain the name', async () => {
    const storage = memoryStorage();
    const a = await pseudonymsFor(['Smith_John', 'CT_HEAD'], await pseudonymKey(storage));
    const again = await pseudonymsFor(['Smith_John'], await pseudonymKey(storage));
    expect(again.get('Smith_John')).toBe(a.get('Smith_John'));
    expect(a.get('Smith_John')).toMatch(/^folder-[0-9a-f]{10}$/);
    expect(a.get('CT_HEAD')).not.toBe(a.get('Smith_John'));
    const other = await pseudonymsFor(['Smith_John'], await pseudonymKey(memoryStorage()));
    expect(other.get('Smith_John')).not.toBe(a.get('Smith_John'));
  });
});
