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

test('from the memory calculator into the cost calculator: the setup carries over and one replica\'s capacity is shown', async ({ page }) => {
  await page.goto('calculators/memory/?model=qwen3-8b&precision=fp8&gpu=h100-sxm&runtime=vllm&context=8192');
  const link = page.getByRole('link', { name: 'Serving it at your traffic' });
  await expect(link).toHaveAttribute('href', /calculators\/cost\/\?model=qwen3-8b&precision=fp8&gpu=h100-sxm&runtime=vllm$/);
  await link.click();
  await ready(page);
  await expect(page.getByLabel('Model')).toHaveValue('qwen3-8b');
  await expect(page.getByLabel('Weight format')).toHaveValue('fp8');
  await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('h100-sxm');
  await expect(page.getByLabel('Serving runtime')).toHaveValue('vllm');
  // vLLM's max_num_seqs on an 80 GB H100 (vllm/engine/arg_utils.py): 1,024.
  await expect(page.getByLabel('Most sequences at once')).toHaveValue('1024');
  const capacity = page.getByRole('table', { name: 'What one replica serves' });
  await expect(capacity).toContainText('1 × NVIDIA H100');
  await expect(capacity.getByRole('row', { name: /Sequences that fit/ })).toContainText(/[\d,]+ of 1,800 tokens; [\d,]+ run at once/);
  await expect(capacity.getByRole('row', { name: /Output each user sees/ })).toContainText(/about [\d.,]+ tokens\/s/);
  await expect(capacity.getByRole('row', { name: /First token/ })).toContainText(/about [\d.]+ s for a 1,500-token prompt/);
  // Every value goes into the address, so the link holds its answer.
  await expect(page).toHaveURL(/runtime=vllm/);
  await expect(page).toHaveURL(/seqs=1024/);

  // A GGUF format moves the runtime to llama.cpp and its 16 slots; fewer slots than fit is the server's limit.
  await page.getByLabel('Weight format').selectOption('q4_k_m');
  await expect(page.getByLabel('Serving runtime')).toHaveValue('llama.cpp');
  await expect(page.getByLabel('Most sequences at once')).toHaveValue('16');
  await expect(capacity.getByRole('row', { name: /Sequences that fit/ })).toContainText('16 run at once (the server’s limit)');
  // vLLM does not serve GGUF here: said beside the runtime field.
  await page.getByLabel('Serving runtime').selectOption('vllm');
  await expect(page.locator('#cost-runtime-error')).toContainText('Serving runtime vLLM (also SGLang) does not serve');
  await page.reload();
  await ready(page);
  await expect(page.getByLabel('Serving runtime')).toHaveValue('vllm');
  await expect(page.locator('#cost-runtime-error')).toBeVisible();
});

test('reasoning tokens raise the bill and the volume', async ({ page }) => {
  await page.goto('calculators/cost/?requests=10000&input=1500&output=300&reasoning=0');
  await ready(page);
  await expect(page.getByText(/Your workload: 548M tokens a month/)).toBeVisible();
  // 10,000 x 30.4375 days x (1,500 + 300 + 2,000) tokens = 1.16 billion.
  await page.getByLabel('Reasoning tokens per request').fill('2000');
  await expect(page.getByText(/Your workload: 1\.16B tokens a month/)).toBeVisible();
  await expect(page).toHaveURL(/reasoning=2000/);
});

test('a peak over the average adds replicas, and the hybrid row keeps the base on own GPUs and sends the peaks to the API', async ({ page }) => {
  // Sol alone, at 2M requests a day on L4s: own replicas cost less than the API for what they carry.
  await page.goto('calculators/cost/?model=llama-3.1-8b&precision=fp8&gpu=l4&requests=2000000&api1=openai-gpt-6-2-sol&api2=&api3=');
  await ready(page);
  const table = page.getByRole('table', { name: 'Monthly cost at your volume' });
  const selfRow = table.getByRole('row', { name: /Self-hosted/ });
  const hybridRow = table.getByRole('row', { name: /Hybrid/ });
  const replicasCell = selfRow.locator('td').nth(2);
  const replicas = async () => Number((await replicasCell.textContent())!.match(/^([\d,]+) replicas? ×/)![1]!.replaceAll(',', ''));
  const flat = await replicas();
  await page.getByLabel('Peak traffic over average (×)').fill('2');
  await expect(page).toHaveURL(/peak=2/);
  await expect(replicasCell).not.toHaveText(new RegExp(`^${flat.toLocaleString('en-US')} replica`));
  const peaked = await replicas();
  expect(peaked).toBeGreaterThanOrEqual(2 * flat - 1);
  await expect(hybridRow).toContainText(new RegExp(`of the ${peaked.toLocaleString('en-US')} replicas the peak needs; (\\d+%|under 1%) of tokens to GPT-6.2 Sol`));
  await page.getByLabel('Peak traffic over average (×)').fill('3');
  await expect(page.getByText('Peak traffic over average (×) must be a number from 1 to 2 times the average; got "3"')).toBeVisible();
});
