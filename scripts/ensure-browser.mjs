#!/usr/bin/env node
/**
 * Before the browser tests (`npm run test:e2e`, part of `npm test`): make sure there is a Chromium.
 * Order, as e2e/chromium.ts uses them: $CHROMIUM_PATH, Debian's /usr/bin/chromium (or
 * chromium-browser), Playwright's own download. With none of them, run
 * `playwright install chromium` once; where that cannot download (offline, a proxy), print one
 * line saying how to get one and exit 1 instead of failing later with "Executable doesn't exist".
 * CTSIEVE_NO_SYSTEM_CHROMIUM=1 ignores the system paths (to try this fallback on a machine that
 * has one).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const HOW_TO_GET_ONE =
  'ctsieve: no Chromium for the browser tests, and `npx playwright install chromium` could not download one: ' +
  'install one (Debian/Ubuntu: sudo apt-get install chromium; elsewhere: Chrome/Chromium from your package manager) ' +
  'or point CHROMIUM_PATH at a Chromium or Chrome executable, then run npm test again.';

/** The system Chromium to use, if any (CHROMIUM_PATH first). */
export function systemChromium(env = process.env, exists = existsSync) {
  if (env.CTSIEVE_NO_SYSTEM_CHROMIUM === '1') return undefined;
  return [env.CHROMIUM_PATH, ...SYSTEM_CHROMIUM].find((p) => !!p && exists(p));
}

/**
 * Finds or fetches a browser. Dependencies are passed in (tests use fakes):
 * - playwrightPath(): where Playwright's own Chromium is (or would be);
 * - install(): runs `playwright install chromium`, true when it succeeded.
 * Returns {ok, via, message?}.
 */
export async function ensureBrowser({ env = process.env, exists = existsSync, playwrightPath, install, log = console.error }) {
  const system = systemChromium(env, exists);
  if (system) return { ok: true, via: system };
  if (exists(await playwrightPath())) return { ok: true, via: 'playwright' };
  log('ctsieve: no system Chromium and no Playwright Chromium yet; running `npx playwright install chromium` …');
  if ((await install()) && exists(await playwrightPath())) return { ok: true, via: 'playwright (installed now)' };
  log(HOW_TO_GET_ONE);
  return { ok: false, via: 'none', message: HOW_TO_GET_ONE };
}

async function main() {
  const { chromium } = await import('playwright-core');
  const result = await ensureBrowser({
    playwrightPath: () => chromium.executablePath(),
    install: () => spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'] }).status === 0,
  });
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
