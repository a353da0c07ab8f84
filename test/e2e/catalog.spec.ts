import { readdirSync } from 'node:fs';
import { expect, test } from './support/site';
import { loadModels } from '../../scripts/lib/catalog';

// The sort is what is tested here, not the counts: the smallest and largest entries by the catalog's own totals.
const bySize = loadModels()
  .map(({ model }) => model)
  .sort((a, b) => a.parameters - b.parameters);

test.describe('model table', () => {
  test('reads without JavaScript: every model is listed', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseURL}models/`);
    // One row per file in content/models/.
    const modelFiles = readdirSync('content/models').filter((name) => name.endsWith('.json'));
    expect(modelFiles.length).toBeGreaterThanOrEqual(30);
    await expect(page.locator('.model-table tbody tr')).toHaveCount(modelFiles.length);
    await expect(page.getByRole('link', { name: 'Falcon 7B' })).toBeVisible();
    await context.close();
  });

  test('sorts by a column and filters by text and kind', async ({ page }) => {
    await page.goto('models/');
    const table = page.locator('.model-table');
    await expect(table.getByLabel('Search')).toBeEnabled();
    const sizeHeader = table.getByRole('columnheader', { name: /Size/ });
    await sizeHeader.getByRole('button').click();
    await expect(sizeHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.locator('tbody tr').first()).toContainText(bySize[0]!.name);
    await sizeHeader.getByRole('button').click();
    await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(table.locator('tbody tr').first()).toContainText(bySize.at(-1)!.name);

    await table.getByLabel('Search').fill('mistral');
    await expect(table.getByRole('status')).toContainText(/Showing \d+ of \d+ models/);
    // Matches name, family or organization: Mixtral and Devstral are by Mistral AI, Zephyr is a Mistral fine-tune.
    const matching = bySize.filter((model) => [model.name, model.family, model.organization].some((text) => text.toLowerCase().includes('mistral')));
    expect(matching.length).toBeGreaterThan(3);
    await expect(table.locator('tbody tr')).toHaveCount(matching.length);
    expect((await table.locator('tbody tr th').allTextContents()).sort()).toEqual(matching.map((model) => model.name).sort());
    await table.getByLabel('Search').fill('');
    await table.getByLabel('Kind').selectOption('preference-tuned');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    for (const kind of await table.locator('tbody tr td:nth-child(3)').allTextContents()) expect(kind).toBe('Preference-tuned');
    await table.getByLabel('Search').fill('no such model');
    await expect(table.getByText('No model matches every filter')).toBeVisible();
  });
});

test('a model page shows its architecture and opens the calculator prefilled', async ({ page }) => {
  await page.goto('models/falcon-7b/');
  await expect(page.locator('h1')).toHaveText('Falcon 7B');
  await expect(page.getByRole('row', { name: /Query heads \/ KV heads/ })).toContainText('71 / 1');
  await expect(page.getByRole('row', { name: /KV cache per 1,000 tokens/ })).toContainText('MB');
  await page.getByRole('link', { name: 'Open in the memory calculator' }).click();
  await expect(page).toHaveURL(/calculators\/memory\/\?model=falcon-7b/);
  await expect(page.getByLabel('Model', { exact: true }).first()).toHaveValue('falcon-7b');
});
