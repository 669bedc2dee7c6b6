/** Dispatches argv to the command the table (./commandTable.ts) names; `help` prints the usage from it. */
import { COMMANDS, commandWords, findCommand, usageText } from './commandTable';
import { CliError } from './errors';

export async function runCommand(argv: string[]): Promise<number> {
  const [name] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usageText()}\n`);
    return name ? 0 : 1;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${name} `)).map((c) => c.name.split(' ')[1]);
    if (group.length) throw new CliError(`${name}: expected a subcommand (${group.join(', ')})${argv[1] ? `, got '${argv[1]}'` : ''}`);
    throw new CliError(`unknown command '${name}' (expected ${commandWords().join(', ')}; see ctsieve help)`);
  }
  const { entry, rest } = found;
  if (!entry.load) throw new CliError(`${entry.name}: not available in this build (it arrives with ${entry.unavailable ?? 'a module not connected yet'})`);
  const command = (await entry.load()).default;
  return command(rest);
}
