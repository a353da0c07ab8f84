// The README's GitHub Pages command, run for real: a build under a non-root base path must pass its own link
// check (every internal link inside the base), and its pages must name the base in their links and the site in
// their canonical address. Builds into its own folder, so the site under test in dist/ is untouched.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { expect, test } from './support/site';

const OUT = 'test-results/deploy-base-path';

test('the README\'s GitHub Pages build works: every link inside /repo/, canonical links on the site', async () => {
  test.setTimeout(600_000);
  rmSync(OUT, { recursive: true, force: true });
  const build = spawnSync('npx', ['astro', 'build', '--outDir', OUT], {
    env: { ...process.env, SITE_URL: 'https://user.github.io', BASE_PATH: '/repo/', ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  expect(build.status, `${build.stdout}\n${build.stderr}`.slice(-3000)).toBe(0);
  expect(build.stdout).toContain('every internal link and anchor resolves');
  const home = readFileSync(`${OUT}/index.html`, 'utf8');
  expect(home).toContain('<a href="/repo/" class="site-title');
  expect(home).toContain('<link rel="canonical" href="https://user.github.io/repo/"');
  expect(readFileSync(`${OUT}/start-here/index.html`, 'utf8')).toContain('href="/repo/calculators/memory/"');
  const notFound = readFileSync(`${OUT}/404.html`, 'utf8');
  expect(notFound).toMatch(/href="\/repo\/"[^>]*>\s*Go to the home page/);
  expect(existsSync(`${OUT}/sitemap-index.xml`)).toBe(true);
  rmSync(OUT, { recursive: true, force: true });
});

test('without SITE_URL a build names no placeholder host and says so', async () => {
  // The site under test was built without SITE_URL (see scripts/test.mjs).
  const page = readFileSync('dist/start-here/index.html', 'utf8');
  expect(page).not.toContain('example.com');
  expect(page).not.toContain('rel="canonical"');
  expect(existsSync('dist/sitemap-index.xml')).toBe(false);
});

test('an address without its trailing slash reaches its page', async ({ page }) => {
  // A host that neither redirects /start-here to /start-here/ nor finds the folder serves its 404 page there, as
  // GitHub Pages and most static hosts do for a missing file. (Astro's preview server answers with a page of its
  // own instead, so the host is played here.)
  const notFound = readFileSync('dist/404.html');
  await page.route(/\/(start-here|no-such-page)$/, (route) => route.fulfill({ status: 404, contentType: 'text/html', body: notFound }));
  await page.goto('start-here');
  await expect(page).toHaveURL(/\/start-here\/$/);
  await expect(page.locator('h1')).toHaveText('Start here');
  await page.goto('no-such-page');
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page).toHaveURL(/\/no-such-page$/);
});
