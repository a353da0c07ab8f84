import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}'],
    // No unit test measures speed (npm run bench does): a timeout only catches a hang. Vitest's 5 s default failed
    // work-bound tests (property runs, CLI child processes) on a two-core machine with a build running beside it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/unit/support/fast-check-setup.ts'],
  },
});
