import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Which Chromium the browser tests drive: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
 * Playwright's own download (`npx playwright install chromium`, which `npm run test:e2e` runs by
 * itself when none is found: scripts/ensure-browser.mjs), in that order.
 */
export function chromiumExecutable(): string | undefined {
  // Same switch as scripts/ensure-browser.mjs (which fetches Playwright's Chromium when none is found).
  if (process.env.CTSIEVE_NO_SYSTEM_CHROMIUM === '1') return undefined;
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Flags that give headless Chromium WebGPU and WebGL2 on SwiftShader, with no network chatter. */
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumLaunchOptions(): LaunchOptions {
  return { executablePath: chromiumExecutable(), args: CHROMIUM_FLAGS, headless: true };
}
