import { expect, test } from './support/site';
import type { Page } from '@playwright/test';

async function ready(page: Page) {
  const requests = page.getByLabel('Requests per day');
  await requests.scrollIntoViewIfNeeded();
  await expect(requests).toBeEnabled();
}

test('shows a priced result and the chart before JavaScript runs', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}calculators/cost/`);
  await expect(page.getByRole('table', { name: 'Monthly cost at your volume' })).toContainText('Self-hosted');
  await expect(page.locator('.cost-chart svg')).toBeVisible();
  await expect(page.getByText(/Prices as published between/)).toBeVisible();
  await context.close();
});

test('volume, prices and hosting change the answer, survive a reload, and bad input is flagged in place', async ({ page }) => {
  await page.goto('calculators/cost/');
  await ready(page);
  const table = page.getByRole('table', { name: 'Monthly cost at your volume' });
  const selfRow = table.getByRole('row', { name: /Self-hosted/ });
  await page.getByLabel('Requests per day').fill('2000000');
  await expect(selfRow).toContainText(/\d+ replicas × \d GPU/);
  await expect(page).toHaveURL(/requests=2000000/);

  const firstApi = table.getByRole('row').nth(1);
  const before = await firstApi.textContent();
  await page.getByLabel('Input $/1M').first().fill('50');
  await expect(firstApi).not.toHaveText(before!);
  // The address updates just after the render; wait for it, as a reader copying the link would.
  await expect(page).toHaveURL(/api1-in=50/);
  await page.reload();
  await ready(page);
  await expect(page.getByLabel('Input $/1M').first()).toHaveValue('50');

  const answer = await selfRow.textContent();
  await page.getByLabel('Utilization (%)').fill('0');
  await expect(page.getByLabel('Utilization (%)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#cost-util-error')).toContainText('Utilization (%) must be a number from 1 to 100');
  await expect(page.getByText('Showing the last valid result')).toBeVisible();
  await expect(selfRow).toHaveText(answer!);
  expect(await page.locator('.cost-calculator').innerText()).not.toMatch(/NaN|Infinity|undefined/);
});

test('a shared link with a bad field names it and shows no result, not the defaults\' labelled as its own', async ({ page }) => {
  // 1e-320 requests a day once made the cost per token overflow and the page throw while rendering (issue 20).
  await page.goto('calculators/cost/?requests=1e-320&model=qwen3-32b');
  await ready(page);
  await expect(page.getByLabel('Requests per day')).toHaveValue('1e-320');
  await expect(page.locator('#cost-requests-error')).toHaveText('Requests per day must be 0 or a number from 1 to 10,000,000,000; got "1e-320"');
  await expect(page.getByText('Correct the fields marked in red to see a result.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Monthly cost at your volume' })).toHaveCount(0);
  await expect(page.getByText('Showing the last valid result')).toHaveCount(0);
  await page.getByLabel('Requests per day').fill('5000');
  await expect(page.getByRole('table', { name: 'Monthly cost at your volume' })).toContainText('Self-hosted');
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the calculator and its chart fit the screen', async ({ page }) => {
    await page.goto('calculators/cost/');
    await ready(page);
    await page.locator('.cost-chart').scrollIntoViewIfNeeded();
    await expect(page.locator('.cost-chart .self-line')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
