/**
 * npm prints "unsupported engine" warnings for three dependencies on Node 20 (README, "Node
 * versions"). This test keeps that statement true: ctsieve's own floor is Node 20.19, this suite
 * runs on the Node it is given (Node 20 here), and the only installed packages whose `engines`
 * exclude Node 20.19 are the three that are documented as harmless. A new one fails this test, so
 * the README is updated with it (or the floor raised).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Version = [number, number, number];

/** "20.19" → [20, 19, undefined]: always three parts, x / * / missing as undefined. */
function parse(v: string): (number | undefined)[] {
  const parts = v.replace(/^v/, '').split('.').map((p) => (p === 'x' || p === '*' || p === '' ? undefined : Number(p)));
  return [0, 1, 2].map((k) => parts[k]);
}

function compare(a: Version, b: Version): number {
  for (let k = 0; k < 3; k++) if (a[k] !== b[k]) return a[k] - b[k];
  return 0;
}

/** Whether `version` satisfies one npm range (the forms found in engines fields: >=, >, <, <=, ^, ~, =, x-ranges, ||). */
function satisfies(version: string, range: string): boolean {
  const v = parse(version).map((x) => x ?? 0) as Version;
  return range.split('||').some((alternative) => alternative.trim().replace(/([<>=^~]+)\s+/g, '$1').split(/\s+/).every((comparator) => {
    if (comparator === '' || comparator === '*') return true;
    const [, op = '', rest] = comparator.match(/^([<>=^~]*)(.*)$/)!;
    const parts = parse(rest);
    const base = parts.map((x) => x ?? 0) as Version;
    const c = compare(v, base);
    switch (op) {
      case '>=': return c >= 0;
      case '>': return c > 0;
      case '<=': return c <= 0;
      case '<': return c < 0;
      case '^': return c >= 0 && v[0] === base[0];
      case '~': return c >= 0 && v[0] === base[0] && v[1] === base[1];
      default: return parts.every((p, k) => p === undefined || p === v[k]);
    }
  }));
}

function installedEngines(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedEngines(path, out);
      continue;
    }
    const manifest = join(path, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; engines?: { node?: string } };
      if (pkg.name && pkg.engines?.node) out.set(pkg.name, pkg.engines.node);
    }
    if (existsSync(join(path, 'node_modules'))) installedEngines(join(path, 'node_modules'), out);
  }
  return out;
}

describe('Node versions', () => {
  const floor = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;

  it('reads npm ranges as npm does', () => {
    expect(satisfies('20.19.0', '>=20.19')).toBe(true);
    expect(satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(satisfies('21.0.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.19.0', '22.13.0')).toBe(false);
    expect(satisfies('20.19.0', '6.* || 8.* || >= 10.*')).toBe(true);
    expect(satisfies('20.19.0', '>=10 <12')).toBe(false);
  });

  it('runs on the Node ctsieve asks for (this suite is the test on Node 20 where it runs there)', () => {
    expect(floor).toBe('>=20.19');
    expect(satisfies(process.versions.node, floor)).toBe(true);
  });

  it('only the three documented dependencies exclude Node 20.19 in their engines field', () => {
    const excluding = [...installedEngines('node_modules')].filter(([, range]) => !satisfies('20.19.0', range)).map(([name]) => name).sort();
    // dcmjs (>=22.13): inside Cornerstone's browser bundle only; codec-libjxl (>=24): JPEG XL, never
    // loaded by ctsieve; nsfwjs (22.13.0 exactly, its own build pin): only its model data module is read.
    expect(excluding).toEqual(['@cornerstonejs/codec-libjxl', 'dcmjs', 'nsfwjs']);
  });
});
