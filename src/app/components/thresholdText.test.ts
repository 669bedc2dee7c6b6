import { describe, expect, it } from 'vitest';
import { allowedText, committedValue, heldText, liveValue, parseNumberText } from './thresholdText';

const hash = { min: 0, max: 64 };
const cosine = { min: -1, max: 1 };

describe('threshold field text', () => {
  it('reads complete numbers only', () => {
    expect(parseNumberText('12')).toBe(12);
    expect(parseNumberText('-0.5')).toBe(-0.5);
    expect(parseNumberText('.5')).toBe(0.5);
    expect(parseNumberText('0,9')).toBe(0.9);
    for (const partial of ['', '-', '.', '-.', '1e', 'abc']) expect(parseNumberText(partial)).toBeUndefined();
  });
  it('applies live only inside the range, so typing 1 then 12 never passes through a clamp', () => {
    expect(liveValue('', hash)).toBeUndefined();
    expect(liveValue('1', hash)).toBe(1);
    expect(liveValue('12', hash)).toBe(12);
    expect(liveValue('612', hash)).toBeUndefined();
    expect(liveValue('-', cosine)).toBeUndefined();
    expect(liveValue('-0.5', cosine)).toBe(-0.5);
  });
  it('commits clamped, and reverts text that is not a number', () => {
    expect(committedValue('70', hash)).toBe(64);
    expect(committedValue('-3', hash)).toBe(0);
    expect(committedValue('-', cosine)).toBeUndefined();
    expect(committedValue('', hash)).toBeUndefined();
  });
  it('allows a minus sign only where the range goes below zero', () => {
    expect(allowedText('-0.', cosine)).toBe(true);
    expect(allowedText('-1', hash)).toBe(false);
    expect(allowedText('', hash)).toBe(true);
    expect(allowedText('1x', hash)).toBe(false);
  });
  it('keeps the typed text while it stands for the value, and gives way when something else sets it', () => {
    const range = { ...hash, step: 1 };
    expect(heldText({ text: '', base: 6 }, 6, range)).toBe('');
    expect(heldText({ text: '12', base: 1 }, 12, range)).toBe('12');
    expect(heldText({ text: '5.5', base: 5 }, 6, range)).toBe('5.5');
    expect(heldText({ text: '70', base: 12 }, 12, range)).toBe('70');
    expect(heldText({ text: '12', base: 1 }, 6, range)).toBeUndefined(); // an import set 6
    expect(heldText({ text: '', base: 12 }, 6, range)).toBeUndefined();
    expect(heldText({ text: '-', base: 0.95 }, 0.95, { ...cosine, step: 0.001 })).toBe('-');
  });
});
