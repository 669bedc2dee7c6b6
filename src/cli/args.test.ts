/** The shared option loop: one input (parseOptions) or several (parseOptionsWithInputs), and the errors that name the option. */
import { describe, expect, it } from 'vitest';
import { parseOptions, parseOptionsWithInputs } from './args';

const ALLOWED = ['--out', '--seed', '--resume'] as const;
const SWITCHES = ['--resume'] as const;

describe('parseOptionsWithInputs', () => {
  it('takes every positional as an input, options as --opt value or --opt=value, switches as true', () => {
    expect(parseOptionsWithInputs('cmd', ['a', '--out', 'o.json', 'b', '--seed=3', '--resume', 'c'], ALLOWED, SWITCHES)).toEqual({
      inputs: ['a', 'b', 'c'], opts: { '--out': 'o.json', '--seed': '3', '--resume': 'true' },
    });
  });

  it('refuses a missing, empty or --dashed value, an unknown or repeated option, a switch with a value, no input', () => {
    expect(() => parseOptionsWithInputs('cmd', ['a', '--out'], ALLOWED)).toThrow(/^cmd: --out needs a value$/);
    expect(() => parseOptionsWithInputs('cmd', ['a', '--out='], ALLOWED)).toThrow(/cmd: --out needs a value/);
    expect(() => parseOptionsWithInputs('cmd', ['a', '--out', '--seed', '1'], ALLOWED)).toThrow(/cmd: --out needs a value/);
    expect(parseOptionsWithInputs('cmd', ['a', '--out=--odd'], ALLOWED).opts['--out']).toBe('--odd'); // said with '=', it is meant
    expect(() => parseOptionsWithInputs('cmd', ['a', '--steps', '1'], ALLOWED)).toThrow(/cmd: unknown option '--steps' \(expected --out, --seed, --resume\)/);
    expect(() => parseOptionsWithInputs('cmd', ['a', '--seed', '1', '--seed=2'], ALLOWED)).toThrow(/cmd: --seed given twice/);
    expect(() => parseOptionsWithInputs('cmd', ['a', '--resume=yes'], ALLOWED, SWITCHES)).toThrow(/cmd: --resume takes no value/);
    expect(() => parseOptionsWithInputs('cmd', ['--seed', '1'], ALLOWED)).toThrow(/cmd: missing <input> \(one or more DICOM folders/);
  });
});

describe('parseOptions (one input)', () => {
  it('takes one input and refuses a second', () => {
    expect(parseOptions('cmd', ['a', '--seed', '2'], ALLOWED)).toEqual({ input: 'a', opts: { '--seed': '2' } });
    expect(() => parseOptions('cmd', ['a', 'b', '--bogus'], ALLOWED)).toThrow(/cmd: one input expected, got 'a' and 'b'/);
    expect(() => parseOptions('cmd', ['--seed', '2'], ALLOWED)).toThrow(/cmd: missing <input> \(a DICOM folder/);
  });
});
