/**
 * The threshold number field's text rules (pure, no DOM). The field holds whatever the user types;
 * a value is applied live only while the text is a complete number inside the range, and on
 * Enter/blur the text is committed (clamped) or, when it is not a number, reverted.
 */
export interface NumericRange {
  min: number;
  max: number;
}

/** A complete decimal number: optional sign, digits with an optional fraction (".5" and "5." too). */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/** The number the text stands for, when it is a complete one (commas read as decimal points). */
export function parseNumberText(text: string): number | undefined {
  const t = text.trim().replace(',', '.');
  if (!NUMBER.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The value to apply while typing: only a complete number inside the range (no clamping yet). */
export function liveValue(text: string, range: NumericRange): number | undefined {
  const n = parseNumberText(text);
  return n !== undefined && n >= range.min && n <= range.max ? n : undefined;
}

/** The value to commit on Enter/blur: the number clamped into the range, or undefined to revert. */
export function committedValue(text: string, range: NumericRange): number | undefined {
  const n = parseNumberText(text);
  return n === undefined ? undefined : Math.min(range.max, Math.max(range.min, n));
}

/** Characters the field accepts at all: a minus sign only where the range reaches below zero. */
export function allowedText(text: string, range: NumericRange): boolean {
  const pattern = range.min < 0 ? /^[-+]?[\d.,]*$/ : /^\+?[\d.,]*$/;
  return pattern.test(text.trim());
}
