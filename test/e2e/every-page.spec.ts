import { builtPages, expect, seriousAxeViolations, test } from './support/site';

const pages = builtPages();

test('the build has the pages the sidebar promises', () => {
  for (const path of ['', 'start-here/', 'finder/', 'models/', 'calculators/memory/', 'calculators/cost/', 'demo/', 'reference/faq/']) {
    expect(pages).toContain(path);
  }
});

for (const path of pages) {
  test(`page /${path} loads cleanly, has one h1 and passes axe`, async ({ page, watch }) => {
    const response = await page.goto(path, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(/\S/);
    await expect(page.locator('h1')).toHaveCount(1);
    const policy = page.locator('meta[http-equiv="content-security-policy"]');
    await expect(policy).toHaveAttribute('content', /default-src 'self'/);
    // Only the demo page may start workers or reach the Hugging Face Hub's storage; the memory calculator reads
    // config.json files from huggingface.co.
    if (path === 'calculators/memory/') {
      await expect(policy).toHaveAttribute('content', /connect-src 'self' https:\/\/huggingface\.co;worker-src 'none';/);
    } else if (path === 'demo/') {
      await expect(policy).toHaveAttribute('content', /connect-src 'self' https:\/\/huggingface\.co https:\/\/\*\.huggingface\.co https:\/\/\*\.hf\.co;worker-src 'self';/);
    } else {
      await expect(policy).toHaveAttribute('content', /connect-src 'self';worker-src 'none';/);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    // No cookies, from the site or anything it loads: the theme choice lives in localStorage.
    expect(await page.context().cookies()).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });
}

test('an unknown address gets the custom 404 page', async ({ page }) => {
  const response = await page.goto('no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  expect(await seriousAxeViolations(page)).toEqual([]);
});

test('the favicon is served', async ({ request }) => {
  const response = await request.get('favicon.svg');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('svg');
});
