import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand, usageText } from './commandTable';
import { runCommand } from './run';

describe('the command table', () => {
  it('names every command of DESIGN.md in the usage, including those of the coming issues', () => {
    const usage = usageText();
    for (const name of ['info', 'similarity', 'reduce', 'pretrain', 'evaluate', 'experiment', 'dataset reduce', 'dataset merge']) {
      expect(usage).toContain(`ctsieve ${name} `);
    }
    expect(COMMANDS.map((c) => c.name).every((n) => usage.includes(`ctsieve ${n} `))).toBe(true);
  });

  it('dispatches one word and group + subcommand', () => {
    expect(findCommand(['reduce', 'x', '--method', 'all'])).toMatchObject({ entry: { name: 'reduce' }, rest: ['x', '--method', 'all'] });
    expect(findCommand(['dataset', 'merge', 'DIR'])).toMatchObject({ entry: { name: 'dataset merge' }, rest: ['DIR'] });
    expect(findCommand(['nope'])).toBeUndefined();
  });

  it('says plainly when a listed command is not in this build, and names unknown ones', async () => {
    for (const c of COMMANDS.filter((e) => !e.load)) {
      await expect(runCommand([...c.name.split(' '), 'x'])).rejects.toThrow(new RegExp(`^${c.name}: not available in this build`));
    }
    await expect(runCommand(['dataset'])).rejects.toThrow(/^dataset: expected a subcommand \(reduce, merge\)/);
    await expect(runCommand(['sieve'])).rejects.toThrow(/unknown command 'sieve' \(expected info, similarity, reduce, pretrain, evaluate, experiment, dataset/);
  });

  it('keeps commands from importing each other (shared helpers live in src/cli)', () => {
    const dir = join(__dirname, 'commands');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/from '\.\/[^']+'/);
    }
  });
});
