/**
 * The threshold (or keep-%) number field. It holds the text being typed (so select-all +
 * Backspace, "12" or "-0.5" can be typed), applies a complete in-range number at once, and on
 * Enter/blur commits the number clamped into the range or reverts text that is not one.
 * ArrowUp/ArrowDown step by the slider's step. Rules: ./thresholdText.ts.
 */
import { useState, type KeyboardEvent } from 'react';
import { allowedText, committedValue, heldText, liveValue, type HeldText, type NumericRange } from './thresholdText';

export interface ThresholdFieldProps {
  range: NumericRange & { step: number };
  value: number;
  onChange: (value: number) => void;
}

export function ThresholdField({ range, value, onChange }: ThresholdFieldProps) {
  // null = not editing: the field shows the store's value (slider, URL, import may change it).
  const [held, setHeld] = useState<HeldText | null>(null);
  const text = heldText(held, value, range);
  const commit = () => {
    if (text !== undefined) {
      const next = committedValue(text, range);
      if (next !== undefined) onChange(next);
    }
    setHeld(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      setHeld(null);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const stepped = value + (e.key === 'ArrowUp' ? range.step : -range.step);
      onChange(Math.min(range.max, Math.max(range.min, stepped)));
      setHeld(null);
    }
  };
  return (
    <input
      type="text" inputMode="decimal" data-testid="threshold-input" aria-label="threshold value"
      aria-valuemin={range.min} aria-valuemax={range.max} autoComplete="off" spellCheck={false}
      value={text ?? String(value)}
      onChange={(e) => {
        const next = e.target.value;
        if (!allowedText(next, range)) return;
        setHeld({ text: next, base: value });
        const live = liveValue(next, range);
        if (live !== undefined) onChange(live);
      }}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
