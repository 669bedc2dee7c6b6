import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

const devPort = Number(process.env.CTSIEVE_E2E_PORT ?? 5174);
const previewPort = Number(process.env.CTSIEVE_E2E_PREVIEW_PORT ?? 5175);
/** Production build used by the app specs (ignored by git: lives under node_modules; CTSIEVE_E2E_DIST moves it,
 * so that two checkouts sharing one node_modules can run their browser tests side by side). */
const previewDir = process.env.CTSIEVE_E2E_DIST ?? 'node_modules/.ctsieve-e2e-dist';

/**
 * Browser tests run in headless Chromium with WebGPU and WebGL2 on SwiftShader (see DESIGN.md).
 * Two projects:
 * - `app`: the explorer itself, served as a production build by `vite preview` (the same bundle,
 *   worker and Content-Security-Policy users get; no dev-server reloads while files change).
 * - `features`: feature components on the dev-server harness page (e2e/harness/features.html).
 * - `bench`: the UI benchmark (e2e/bench-ui.spec.ts), only with CTSIEVE_BENCH=1:
 *   `CTSIEVE_BENCH=1 npx playwright test --project=bench` (writes bench/results/ui.json).
 */
export default defineConfig({
  testDir: 'e2e',
  testIgnore: process.env.CTSIEVE_BENCH ? [] : ['**/bench-*.spec.ts'],
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1400, height: 900 },
  },
  projects: [
    { name: 'app', testIgnore: ['**/features-*.spec.ts', '**/bench-*.spec.ts'], use: { baseURL: `http://127.0.0.1:${previewPort}` } },
    { name: 'features', testMatch: ['**/features-*.spec.ts'], use: { baseURL: `http://127.0.0.1:${devPort}` } },
    ...(process.env.CTSIEVE_BENCH ? [{ name: 'bench', testMatch: ['**/bench-*.spec.ts'], use: { baseURL: `http://127.0.0.1:${previewPort}` } }] : []),
  ],
  webServer: [
    {
      command: `npx vite --port ${devPort} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${devPort}`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      command: `npx vite build --outDir ${previewDir} --emptyOutDir --logLevel warn && npx vite preview --outDir ${previewDir} --port ${previewPort} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${previewPort}`,
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
    },
  ],
});
