import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

const port = Number(process.env.CTSIEVE_E2E_PORT ?? 5174);

/**
 * Feature-component specs only (e2e/features-*.spec.ts) against the Vite dev server, without the
 * production build the main config also starts for the app specs. Same browser and flags.
 *   npx playwright test -c e2e/harness/playwright.config.ts
 */
export default defineConfig({
  testDir: '..',
  testMatch: ['**/features-*.spec.ts'],
  outputDir: '../../test-results/features',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${port}`, launchOptions: chromiumLaunchOptions(), viewport: { width: 1400, height: 900 } },
  webServer: {
    command: `npx vite --port ${port} --strictPort --host 127.0.0.1`,
    // Serve the repository root (the harness lives at /e2e/harness/features.html).
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
