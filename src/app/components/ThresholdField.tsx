/**
 * The threshold (or keep-%) number field. It holds the text being typed (so select-all +
 * Backspace, "12" or "-0.5" can be typed), applies a complete in-range number at once, and on
 * Enter/blur commits the number clamped into the range or reverts text that is not one.
 * ArrowUp/ArrowDown step by the slider's step. Rules: ./thresholdText.ts.
 */
import { useState, type KeyboardEvent } from 'react';
import { allowedText, committedValue, liveValue, type NumericRange } from './thresholdText';

export interface ThresholdFieldProps {
  range: NumericRange & { step: number };
  value: number;
  onChange: (value: number) => void;
}

export function ThresholdField({ range, value, onChange }: ThresholdFieldProps) {
  // null = not editing: the field shows the store's value (slider, URL, import may change it).
  const [text, setText] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    const next = committedValue(text, range);
    if (next !== undefined) onChange(next);
    setText(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      setText(null);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const stepped = value + (e.key === 'ArrowUp' ? range.step : -range.step);
      onChange(Math.min(range.max, Math.max(range.min, stepped)));
      setText(null);
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
        setText(next);
        const live = liveValue(next, range);
        if (live !== undefined) onChange(live);
      }}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}
