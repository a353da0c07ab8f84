import { readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, seriousAxeViolations, test } from './support/site';
import { expectFirstColumnPinned, expectNoPageOverflow } from './support/tables';
import { loadModels } from '../../scripts/lib/catalog';

const models = loadModels().map(({ model }) => model);
// The sort is what is tested here, not the counts: the smallest and largest entries by the catalog's own totals.
const bySize = [...models].sort((a, b) => a.parameters - b.parameters);

/** The model table's row for a model, by its exact name. */
const rowOf = (page: Page, name: string) => page.locator('.model-table tbody tr').filter({ has: page.getByRole('rowheader', { name, exact: true }) });

test.describe('model table', () => {
  test('reads without JavaScript: every model is listed, with its fit on the default GPU', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseURL}models/`);
    // One row per file in content/models/.
    const modelFiles = readdirSync('content/models').filter((name) => name.endsWith('.json'));
    expect(modelFiles.length).toBeGreaterThanOrEqual(30);
    await expect(page.locator('.model-table tbody tr')).toHaveCount(modelFiles.length);
    await expect(page.getByRole('link', { name: 'Falcon 7B' })).toBeVisible();
    await expect(page.getByLabel('Your GPU')).toHaveValue('rtx-4090');
    // Llama 3.1 8B at Q4_K_M is about 6 GiB (the unit tests bound it by hand): one 24 GB card holds it.
    await expect(rowOf(page, 'Llama 3.1 8B')).toContainText('fits 1 ×');
    await context.close();
  });

  test('the default columns: model, size, Q4_K_M memory, fit on the GPU, context, licence', async ({ page }) => {
    await page.goto('models/');
    const table = page.locator('.model-table');
    await expect(table.getByLabel('Search')).toBeEnabled();
    await expect(table.locator('thead th')).toHaveText([/Model/, /Size/, /Q4_K_M memory/, /On this GPU/, /Context/, /Licence/]);
    // A mixture of experts shows total / active; a dense model one figure, each to three digits in billions.
    const qwen = models.find((model) => model.id === 'qwen3-30b-a3b')!;
    const billions = (count: number) => `${Number((count / 1e9).toPrecision(3))}B`;
    expect(billions(qwen.parameters)).toBe('30.5B');
    await expect(rowOf(page, 'Qwen3-30B-A3B').getByRole('cell').nth(0)).toHaveText(`30.5B / ${billions(qwen.activeParameters)}`);
    await expect(rowOf(page, 'Llama 3.1 8B').getByRole('cell').nth(0)).toHaveText('8.03B');
    await expect(rowOf(page, 'Llama 3.1 8B').getByRole('cell').nth(1)).toHaveText(/^\d\.\d\d GiB$/);
    await table.getByLabel('More columns').check();
    await expect(table.locator('thead th')).toHaveText([/Model/, /Size/, /Q4_K_M memory/, /On this GPU/, /Context/, /Licence/, /Family/, /Kind/, /Attention/, /Openness/]);
    await expect(page).toHaveURL(/columns=all/);
  });

  test('sorts by a column and filters by text and kind', async ({ page }) => {
    await page.goto('models/');
    const table = page.locator('.model-table');
    await expect(table.getByLabel('Search')).toBeEnabled();
    const sizeHeader = table.getByRole('columnheader', { name: /Size/ });
    // By keyboard: the header is a real button.
    await sizeHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(sizeHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(table.locator('tbody tr').first()).toContainText(bySize[0]!.name);
    await sizeHeader.getByRole('button').click();
    await expect(sizeHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(table.locator('tbody tr').first()).toContainText(bySize.at(-1)!.name);

    await table.getByLabel('Search').fill('mistral');
    await expect(table.getByRole('status')).toContainText(/Showing \d+ of \d+ models/);
    // Word starts in name, family or organization: Mixtral and Devstral are by Mistral AI, and BioMistral's
    // capital M starts a word. Every name that contains "mistral" does so at one of those starts.
    const matching = bySize.filter((model) => [model.name, model.family, model.organization].some((text) => text.toLowerCase().includes('mistral')));
    expect(matching.length).toBeGreaterThan(3);
    await expect(table.locator('tbody tr')).toHaveCount(matching.length);
    expect((await table.locator('tbody tr th').allTextContents()).sort()).toEqual(matching.map((model) => model.name).sort());
    await table.getByLabel('Search').fill('');
    await table.getByLabel('More columns').check();
    await table.getByLabel('Kind').selectOption('preference-tuned');
    await expect(table.locator('tbody tr').first()).toBeVisible();
    const kindColumn = (await table.locator('thead th').allTextContents()).findIndex((text) => text.startsWith('Kind'));
    expect(kindColumn).toBeGreaterThan(0);
    for (const kind of await table.locator(`tbody tr > :nth-child(${kindColumn + 1})`).allTextContents()) expect(kind).toBe('Preference-tuned');
    await table.getByLabel('Search').fill('no such model');
    await expect(table.getByText('No model matches every filter')).toBeVisible();
  });

  test('"llama 3" finds the Llama 3 models, not Code Llama or Llama 2', async ({ page }) => {
    await page.goto('models/');
    const table = page.locator('.model-table');
    await table.getByLabel('Search').fill('llama 3');
    // Listed by hand from content/models/: every Llama 3.x in the catalog, in the table's family-then-size order.
    await expect(table.locator('tbody tr th')).toHaveText(['Llama 3.1 8B', 'Llama 3.1 70B', 'Llama 3.2 1B', 'Llama 3.2 3B']);
    await expect(page).toHaveURL(/\?q=llama\+3$/);
  });

  test('"fits my GPU" keeps the models one card holds, for the GPU picked', async ({ page }) => {
    await page.goto('models/');
    const table = page.locator('.model-table');
    await expect(table.getByLabel('Search')).toBeEnabled();
    await table.getByLabel('Your GPU').selectOption('rtx-3060-12gb');
    await expect(table.getByLabel('Your GPU').locator('option:checked')).toHaveText('NVIDIA GeForce RTX 3060 (12 GB)');
    // Llama 3.1 70B needs four 12 GB cards at this setting (about 42 GiB; see the unit tests' hand arithmetic for two 24 GB ones).
    await expect(rowOf(page, 'Llama 3.1 70B')).toContainText(/needs \d ×/);
    // The rows that say "fits 1 ×" before the filter are the ones left after it (the counts themselves are
    // unit-tested against hand arithmetic in test/unit/catalog-table.test.ts).
    const expected = (await table.locator('tbody tr > :nth-child(4)').allTextContents()).filter((cell) => cell === 'fits 1 ×').length;
    expect(expected).toBeGreaterThan(10);
    expect(expected).toBeLessThan(models.length);
    await table.getByLabel('Fits my GPU (one card)').check();
    await expect(table.locator('tbody tr')).toHaveCount(expected);
    for (const cell of await table.locator('tbody tr > :nth-child(4)').allTextContents()) expect(cell).toBe('fits 1 ×');
    // Every figure left is under the card's 12 GiB.
    for (const cell of await table.locator('tbody tr > :nth-child(3)').allTextContents()) {
      expect(cell).toMatch(/^\d+(\.\d+)? GiB$/);
      expect(Number.parseFloat(cell)).toBeLessThan(12);
    }
    await expect(rowOf(page, 'Llama 3.1 70B')).toHaveCount(0);
  });

  test('every filter, the GPU, the columns and the sort round-trip through the address', async ({ page }) => {
    await page.goto('models/');
    const table = page.locator('.model-table');
    await expect(table.getByLabel('Search')).toBeEnabled();
    await table.getByLabel('Search').fill('qwen');
    await table.getByLabel('Your GPU').selectOption('h100-sxm');
    await table.getByLabel('Fits my GPU (one card)').check();
    await table.getByLabel('Kind').selectOption('instruct');
    await table.getByLabel('Licence').selectOption('commercial');
    await table.getByLabel('Openness').selectOption('open-weights');
    await table.getByLabel('Attention').selectOption('gqa');
    await table.getByLabel('More columns').check();
    const memoryHeader = table.getByRole('columnheader', { name: /Q4_K_M memory/ });
    await memoryHeader.getByRole('button').click();
    await memoryHeader.getByRole('button').click();
    await expect(memoryHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(page).toHaveURL(/\?q=qwen&kind=instruct&licence=commercial&openness=open-weights&attention=gqa&gpu=h100-sxm&fits=1&columns=all&sort=fitBytes&order=descending$/);
    const names = await table.locator('tbody tr th').allTextContents();
    expect(names.length).toBeGreaterThan(0);

    // A fresh visit to the shared link shows the same controls and the same rows.
    const shared = page.url();
    const other = await page.context().newPage();
    await other.goto(shared);
    const again = other.locator('.model-table');
    await expect(again.getByLabel('Search')).toBeEnabled();
    await expect(again.getByLabel('Search')).toHaveValue('qwen');
    await expect(again.getByLabel('Your GPU')).toHaveValue('h100-sxm');
    await expect(again.getByLabel('Fits my GPU (one card)')).toBeChecked();
    await expect(again.getByLabel('Kind')).toHaveValue('instruct');
    await expect(again.getByLabel('Licence')).toHaveValue('commercial');
    await expect(again.getByLabel('Openness')).toHaveValue('open-weights');
    await expect(again.getByLabel('Attention')).toHaveValue('gqa');
    await expect(again.getByLabel('More columns')).toBeChecked();
    await expect(again.getByRole('columnheader', { name: /Q4_K_M memory/ })).toHaveAttribute('aria-sort', 'descending');
    await expect(again.locator('tbody tr th')).toHaveText(names);
    await other.close();

    // Back to the defaults, the address is clean again.
    await table.getByLabel('Search').fill('');
    await table.getByLabel('Your GPU').selectOption('rtx-4090');
    await table.getByLabel('Fits my GPU (one card)').uncheck();
    await table.getByLabel('Kind').selectOption('any');
    await table.getByLabel('Licence').selectOption('any');
    await table.getByLabel('Openness').selectOption('any');
    await table.getByLabel('Attention').selectOption('any');
    await table.getByLabel('More columns').uncheck();
    // Only the sort is left to write; the default sort writes nothing.
    await expect(page).toHaveURL(/models\/\?sort=fitBytes&order=descending$/);
    await page.goto('models/?sort=family');
    await expect(page.locator('.model-table').getByLabel('Search')).toBeEnabled();
    await expect(page).toHaveURL(/models\/$/);
  });

  test('a link with values the table does not know shows the whole table, not an empty one', async ({ page }) => {
    await page.goto('models/?kind=robot&gpu=gtx-480&sort=speed&fits=maybe');
    const table = page.locator('.model-table');
    await expect(table.getByLabel('Search')).toBeEnabled();
    await expect(table.getByLabel('Your GPU')).toHaveValue('rtx-4090');
    await expect(table.getByLabel('Kind')).toHaveValue('any');
    await expect(table.getByRole('status')).toContainText(`Showing ${models.length} of ${models.length} models`);
    await expect(table.locator('tbody')).not.toContainText('NaN');
  });
});

for (const width of [390, 1280]) {
  test.describe(`model table at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('no sideways page scroll, the name column stays put, axe clean with every column and filter', async ({ page }) => {
      await page.goto('models/?columns=all&fits=1&gpu=rtx-3090');
      const table = page.locator('.model-table');
      await expect(table.getByLabel('More columns')).toBeChecked();
      await expectNoPageOverflow(page);
      await expectFirstColumnPinned(table.locator('.table-scroll'));
      await expectNoPageOverflow(page);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    test('a shared link filters the table as the page opens, with no scrolling', async ({ page }) => {
      await page.goto('models/?q=llama+3&gpu=rtx-3060-12gb');
      // No scrolling: the island hydrates when its controls come into view, which they are on opening.
      await expect(page.locator('.model-table tbody tr')).toHaveCount(4);
      await expect(page.locator('.model-table').getByLabel('Your GPU')).toHaveValue('rtx-3060-12gb');
    });

    test('dark theme: axe clean, the pinned column opaque', async ({ page }) => {
      await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
      await page.goto('models/?q=llama&columns=all');
      const table = page.locator('.model-table');
      await expect(table.getByLabel('Search')).toHaveValue('llama');
      await expectFirstColumnPinned(table.locator('.table-scroll'));
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
}

test('a model page shows its architecture and opens the calculator prefilled', async ({ page }) => {
  await page.goto('models/falcon-7b/');
  await expect(page.locator('h1')).toHaveText('Falcon 7B');
  await expect(page.getByRole('row', { name: /Query heads \/ KV heads/ })).toContainText('71 / 1');
  await expect(page.getByRole('row', { name: /KV cache per 1,000 tokens/ })).toContainText('MB');
  await page.getByRole('link', { name: 'Open in the memory calculator' }).click();
  await expect(page).toHaveURL(/calculators\/memory\/\?model=falcon-7b/);
  await expect(page.getByLabel('Model', { exact: true }).first()).toHaveValue('falcon-7b');
});

test('every model page lists the files people download: Q4_K_M always, MXFP4 where the checkpoint ships it', async ({ request }) => {
  // Read as served (no rendering), one request per page: the memory table is static HTML.
  const shipsMxfp4 = models.filter((model) => model.architecture.checkpoint?.expertFormat === 'mxfp4').map((model) => model.id);
  // gpt-oss ships its experts in MXFP4 (the catalog's MXFP4 checkpoints today); the filter must find both.
  expect(shipsMxfp4).toEqual(expect.arrayContaining(['gpt-oss-20b', 'gpt-oss-120b']));
  for (const model of models) {
    const html = await (await request.get(`models/${model.id}/`)).text();
    const rowHeaders = [...html.matchAll(/<th scope="row"[^>]*>Weights as ([^<]*)<\/th>/g)].map((match) => match[1]!);
    expect(rowHeaders.some((text) => text.includes('Q4_K_M file')), `${model.id}: ${rowHeaders.join(' | ')}`).toBe(true);
    expect(rowHeaders.some((text) => text.startsWith('shipped: MXFP4')), `${model.id}: ${rowHeaders.join(' | ')}`).toBe(shipsMxfp4.includes(model.id));
  }
  // The note under the table speaks of windows only for a model that has them: Seed-Coder's config has none (Llama,
  // full attention), Gemma 3 interleaves 1,024-token sliding layers, Mistral 7B v0.1 slides over 4,096 tokens.
  const note = async (id: string) => (await (await request.get(`models/${id}/`)).text()).match(/(past the windows, )?each\s+further token adds/);
  expect((await note('seed-coder-8b'))?.[1]).toBeUndefined();
  expect((await note('seed-coder-8b'))?.[0]).toMatch(/^each/);
  expect((await note('gemma-3-4b-it'))?.[1]).toBe('past the windows, ');
  expect((await note('mistral-7b-v0.1'))?.[1]).toBe('past the windows, ');
});
