// ESLint flat config. The one architectural rule that matters most lives here:
// src/core is framework-free (no React, no DOM-only libraries, no Cornerstone, no app/worker/cli code),
// so the same code runs in the browser, in Web Workers and in Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const coreForbiddenImports = {
  patterns: [
    { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'src/core must not depend on React.' },
    { group: ['zustand', 'zustand/*'], message: 'src/core must not depend on the app store.' },
    {
      group: ['@cornerstonejs/*', '!@cornerstonejs/codec-*'],
      message: 'src/core must not depend on Cornerstone; adapters live in src/app/viewer. (Its standalone WASM codecs, @cornerstonejs/codec-*, are allowed.)',
    },
    { group: ['**/app/**', '**/workers/**', '**/cli/**'], message: 'Dependencies point one way: app, workers and cli import core, never the reverse.' },
  ],
};

// Test helpers live in testing/ folders (one convention): production code never imports them.
const testingHelpers = { group: ['**/testing/*', '**/testing/**'], message: 'testing/ holds test helpers; production code must not import them.' };

export default tseslint.config(
  { ignores: ['dist/', 'dist-cli/', 'node_modules/', 'test-results/', 'playwright-report/', 'public/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', coreForbiddenImports],
      // The DOM is off limits in core: no document/window (Workers and Node have neither).
      'no-restricted-globals': ['error', 'document', 'window', 'localStorage', 'HTMLElement', 'HTMLCanvasElement'],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/core/**', '**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testingHelpers] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...coreForbiddenImports.patterns, testingHelpers] }] },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
