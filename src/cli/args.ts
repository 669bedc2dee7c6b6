/** The option parser shared by the CLI commands: one positional <input>, `--opt value` or `--opt=value`. */
import { CliError } from './errors';

export interface ParsedArgs<O extends string> {
  input: string;
  opts: Partial<Record<O, string>>;
}

const INPUT_HINT = 'a DICOM folder, a .nii/.nii.gz file or a folder of PNG slices';

/**
 * argv → the input and the options; a CliError names any unknown, repeated or empty option.
 * Options listed in `switches` take no value (they are recorded as 'true').
 */
export function parseOptions<O extends string>(command: string, args: string[], allowed: readonly O[], switches: readonly O[] = []): ParsedArgs<O> {
  const opts: Partial<Record<O, string>> = {};
  let input: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      if (input !== undefined) throw new CliError(`${command}: one input expected, got '${input}' and '${a}'`);
      input = a;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!(allowed as readonly string[]).includes(name)) throw new CliError(`${command}: unknown option '${name}' (expected ${allowed.join(', ')})`);
    const isSwitch = (switches as readonly string[]).includes(name);
    if (isSwitch && eq >= 0) throw new CliError(`${command}: ${name} takes no value`);
    const value = isSwitch ? 'true' : eq < 0 ? args[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new CliError(`${command}: ${name} needs a value`);
    if (opts[name as O] !== undefined) throw new CliError(`${command}: ${name} given twice`);
    opts[name as O] = value;
  }
  if (input === undefined) throw new CliError(`${command}: missing <input> (${INPUT_HINT})`);
  return { input, opts };
}

/** The value if it is one of `allowed`, else a CliError naming the option and the choices. */
export function oneOf<T extends string>(command: string, option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`${command}: ${option} '${value}' is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** `--memory-budget-mib M` → bytes. */
export function memoryBudgetBytes(command: string, mib: string | undefined): number | undefined {
  if (mib === undefined) return undefined;
  const x = Number(mib);
  if (!Number.isFinite(x) || x <= 0) throw new CliError(`${command}: --memory-budget-mib '${mib}' is not a positive number`);
  return x * 2 ** 20;
}
