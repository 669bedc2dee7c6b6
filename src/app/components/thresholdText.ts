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

/** Text being typed, and the field's value when it was typed. */
export interface HeldText {
  text: string;
  base: number;
}

/**
 * The text the field should show for `value`, or undefined to show the value itself. The typed
 * text stays while it stands for the value (within half a step: the store snaps to the step), or
 * while it is incomplete and nothing else changed the value. When something else sets the value
 * (the slider, an import, the curve), the typed text gives way.
 */
export function heldText(held: HeldText | null, value: number, range: NumericRange & { step: number }): string | undefined {
  if (!held) return undefined;
  const live = liveValue(held.text, range);
  if (live !== undefined) return Math.abs(live - value) <= range.step / 2 + 1e-9 ? held.text : undefined;
  return value === held.base ? held.text : undefined;
}
