import { basename, dirname, relative, sep } from 'node:path';
import { htmlFiles } from '../../../src/integrations/built-pages';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** Every page of the production build, as a path relative to the site's base ("" for the home page). */
export function builtPages(distDir = 'dist'): string[] {
  return htmlFiles(distDir)
    .filter((file) => basename(file) === 'index.html')
    .map((file) => relative(distDir, dirname(file)).split(sep).join('/'))
    .map((path) => (path === '' ? '' : `${path}/`))
    .sort();
}

export interface PageWatch {
  consoleErrors: string[];
  foreignRequests: string[];
}

/** Records console errors, uncaught exceptions and any request that leaves the site's own origin. */
export function watchPage(page: Page, siteOrigin: string): PageWatch {
  const watch: PageWatch = { consoleErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== siteOrigin) watch.foreignRequests.push(request.url());
  });
  return watch;
}

/** Serious and critical axe-core violations, formatted so a failure message says what and where. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // label-content-name-mismatch is experimental in axe-core and off by default; we hold pages to it anyway,
  // since a control whose spoken name differs from its visible text confuses voice-control users.
  const results = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: async ({ page, baseURL }, use) => {
    await use(watchPage(page, new URL(baseURL!).origin));
  },
});

export { expect };
