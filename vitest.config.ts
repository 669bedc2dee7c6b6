import { defineConfig } from 'vitest/config';

// Unit tests (core, workers, cli, the app's store and logic) run in Node; they live beside the code
// as *.test.ts, their helpers in testing/ folders. Browser behaviour is covered by Playwright (e2e/).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
