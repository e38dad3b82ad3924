import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { shippedTitles } from './scripts/shippedTitlesPlugin.ts';

export default defineConfig({
  // The page's lazy scenario list (src/store/lazyScenarios.ts) reads the titles from the build.
  plugins: [shippedTitles(fileURLToPath(new URL('.', import.meta.url)))],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx', 'src/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['tests/setup/fastCheck.ts'],
    // Some tests simulate seconds of the large preset: a few seconds of work that a shared,
    // loaded 2-core machine stretches past vitest's 5 s default. The timeout is for hangs.
    testTimeout: 30_000,
  },
});
