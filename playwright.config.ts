import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_FLAGS } from './scripts/lib/chromium.mjs';

const port = Number(process.env.TEST_PORT ?? 4329);
const basePath = process.env.BASE_PATH ?? '/';

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/support/global-setup.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  // Sized for a busy two-core machine (CI may share it with another build), not a quiet one: a page's axe scan
  // and HTML check take 5 s when idle and up to 30 s under load; nothing asserts on wall-clock speed.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${port}${basePath}`,
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [
    { name: 'site', testIgnore: /lighthouse\.spec\.ts$/ },
    // Lighthouse times the pages on this machine's CPU, so it runs alone, after every other browser test.
    { name: 'lighthouse', testMatch: /lighthouse\.spec\.ts$/, dependencies: ['site'] },
  ],
  webServer: {
    command: `npx astro preview --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}${basePath}`,
    reuseExistingServer: !process.env.CI,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 60_000,
  },
});
