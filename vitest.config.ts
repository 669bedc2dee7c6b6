import { defineConfig } from 'vitest/config';

// Unit tests for core (and the store) run in Node. Browser behaviour is covered by Playwright (e2e/).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
