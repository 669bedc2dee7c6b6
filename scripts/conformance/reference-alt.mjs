#!/usr/bin/env node
/**
 * Runs every conformance suite again on ../shared/fixtures/reference-alt (the same fixtures with the
 * trained goldens from other seeds): a suite tuned to one seed's numbers fails here.
 * A conformance suite is a unit test whose relative-import closure reaches src/core/testing/referenceFixture.ts.
 * Usage: node scripts/conformance/reference-alt.mjs [--list]   (CTSIEVE_REFERENCE_ALT_DIR overrides the folder)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const altDir = process.env.CTSIEVE_REFERENCE_ALT_DIR ?? resolve(root, '../shared/fixtures/reference-alt');
const FIXTURE_MODULE = join(root, 'src/core/testing/referenceFixture.ts');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The file a relative import names (TypeScript sources: .ts, .tsx, index.ts). */
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function reachesFixture(file, seen = new Set()) {
  if (file === FIXTURE_MODULE) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const target = resolveImport(file, m[1] ?? m[2]);
    if (target && reachesFixture(target, seen)) return true;
  }
  return false;
}

const suites = walk(join(root, 'src')).filter((f) => reachesFixture(f)).map((f) => f.slice(root.length + 1)).sort();
if (process.argv.includes('--list')) {
  console.log(suites.join('\n'));
  process.exit(0);
}
if (!existsSync(altDir)) {
  console.error(`reference-alt fixtures not found at ${altDir} (expected ../shared/fixtures/reference-alt beside the repo)`);
  process.exit(1);
}
console.log(`conformance suites on ${altDir}: ${suites.length} files`);
const run = spawnSync('npx', ['vitest', 'run', ...suites], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CTSIEVE_REFERENCE_DIR: altDir },
});
process.exit(run.status ?? 1);
