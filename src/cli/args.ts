/** The option parser shared by the CLI commands: one positional <input> (or several), `--opt value` or `--opt=value`. */
import { CliError } from './errors';

export interface ParsedArgs<O extends string> {
  input: string;
  opts: Partial<Record<O, string>>;
}

const INPUT_HINT = 'a DICOM folder, a .nii/.nii.gz file or a folder of PNG slices';
const INPUT_HINT_PLURAL = 'DICOM folders, .nii/.nii.gz files or PNG folders';

/** argv split into positionals and options. */
interface Scanned<O extends string> {
  positionals: string[];
  opts: Partial<Record<O, string>>;
}

/**
 * The option loop every parser shares: `--opt value` or `--opt=value`; a CliError names any
 * unknown, repeated or empty option. `several`: more than one positional allowed, and `--opt --other`
 * is "--opt needs a value" instead of taking '--other' as the value.
 */
function scanOptions<O extends string>(command: string, args: string[], allowed: readonly O[], switches: readonly O[], several: boolean): Scanned<O> {
  const opts: Partial<Record<O, string>> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      if (!several && positionals.length > 0) throw new CliError(`${command}: one input expected, got '${positionals[0]}' and '${a}'`);
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!(allowed as readonly string[]).includes(name)) throw new CliError(`${command}: unknown option '${name}' (expected ${allowed.join(', ')})`);
    const isSwitch = (switches as readonly string[]).includes(name);
    if (isSwitch && eq >= 0) throw new CliError(`${command}: ${name} takes no value`);
    const value = isSwitch ? 'true' : eq < 0 ? args[++i] : a.slice(eq + 1);
    if (value === undefined || value === '' || (several && !isSwitch && eq < 0 && value.startsWith('--'))) throw new CliError(`${command}: ${name} needs a value`);
    if (opts[name as O] !== undefined) throw new CliError(`${command}: ${name} given twice`);
    opts[name as O] = value;
  }
  return { positionals, opts };
}

/**
 * argv → the input and the options; a CliError names any unknown, repeated or empty option.
 * Options listed in `switches` take no value (they are recorded as 'true').
 */
export function parseOptions<O extends string>(command: string, args: string[], allowed: readonly O[], switches: readonly O[] = []): ParsedArgs<O> {
  const { positionals, opts } = scanOptions(command, args, allowed, switches, false);
  if (positionals.length === 0) throw new CliError(`${command}: missing <input> (${INPUT_HINT})`);
  return { input: positionals[0], opts };
}

export interface ParsedInputsArgs<O extends string> {
  inputs: string[];
  opts: Partial<Record<O, string>>;
}

/**
 * parseOptions for commands that take several inputs (`pretrain`, `confusability`): at least one
 * positional; an option's value may not start with `--` (`--out-dir --steps 5` says --out-dir
 * needs a value).
 */
export function parseOptionsWithInputs<O extends string>(command: string, args: string[], allowed: readonly O[], switches: readonly O[] = []): ParsedInputsArgs<O> {
  const { positionals, opts } = scanOptions(command, args, allowed, switches, true);
  if (positionals.length === 0) throw new CliError(`${command}: missing <input> (one or more ${INPUT_HINT_PLURAL})`);
  return { inputs: positionals, opts };
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
