import { expect, test } from './support/site';
import type { Page } from '@playwright/test';

/** The island hydrates when scrolled into view; its controls stay disabled until then. */
async function ready(page: Page) {
  const model = page.locator('.memory-calculator select[name="model"]').first();
  await model.scrollIntoViewIfNeeded();
  await expect(model).toBeEnabled();
}

test('shows a full result before JavaScript runs', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}calculators/memory/`);
  await expect(page.locator('.memory-calculator .total')).toContainText(/Total \d+(\.\d+)? GB/);
  await expect(page.locator('.memory-calculator .fit')).toContainText('Fits');
  await context.close();
});

test('changing inputs updates the result and the address, and a reload restores it', async ({ page }) => {
  await page.goto('calculators/memory/');
  await ready(page);
  const total = page.locator('.memory-calculator .total').first();
  const before = await total.textContent();
  await page.getByLabel('Weight format').selectOption('q4_k_m');
  await expect(total).not.toHaveText(before!);
  await expect(page).toHaveURL(/precision=q4_k_m/);
  await page.getByLabel('Context (tokens)').fill('32768');
  await expect(page).toHaveURL(/context=32768/);
  const after = await total.textContent();
  await page.reload();
  await ready(page);
  await expect(page.getByLabel('Weight format')).toHaveValue('q4_k_m');
  await expect(page.getByLabel('Context (tokens)')).toHaveValue('32768');
  await expect(total).toHaveText(after!);
});

test('bad input gets a message beside the field and keeps the last good result', async ({ page }) => {
  await page.goto('calculators/memory/');
  await ready(page);
  const total = page.locator('.memory-calculator .total').first();
  const good = await total.textContent();
  const context = page.getByLabel('Context (tokens)');
  for (const bad of ['-5', '0', '1.5', '', 'abc', '99999999999']) {
    await context.fill(bad);
    await expect(context).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#c0-context-error')).toContainText(bad === '' ? 'Context (tokens) is required' : 'Context (tokens) must be a whole number');
    await expect(page.getByText('Showing the last valid result')).toBeVisible();
    await expect(total).toHaveText(good!);
    expect(await page.locator('.memory-calculator').innerText()).not.toMatch(/NaN|Infinity|undefined/);
  }
  await context.fill('8192');
  await expect(context).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Showing the last valid result')).toHaveCount(0);
});

test('compares configurations side by side and shares them in the address', async ({ page }) => {
  await page.goto('calculators/memory/?model=llama-3.1-70b&gpu=h100-sxm');
  await ready(page);
  await expect(page.getByLabel('Model').first()).toHaveValue('llama-3.1-70b');
  await page.getByRole('button', { name: 'Compare with another configuration' }).click();
  const second = page.locator('.configuration').nth(1);
  await second.getByLabel('Weight format').selectOption('q4_k_m');
  await expect(page).toHaveURL(/c2=[^&]*precision%3Dq4_k_m/);
  const comparison = page.getByRole('table', { name: 'Configurations compared' });
  await expect(comparison).toContainText('GGUF Q4_K_M');
  await expect(comparison.getByRole('row', { name: /On the chosen GPUs/ })).toContainText('does not fit');
  await page.reload();
  await ready(page);
  await expect(page.locator('.configuration')).toHaveCount(2);
  await expect(page.locator('.configuration').nth(1).getByLabel('Weight format')).toHaveValue('q4_k_m');
  await page.getByRole('button', { name: 'Remove configuration 2' }).click();
  await expect(page.locator('.configuration')).toHaveCount(1);
});

test('fine-tuning modes show their own inputs and training state', async ({ page }) => {
  await page.goto('calculators/memory/');
  await ready(page);
  await page.getByLabel('Task').selectOption('qlora');
  await expect(page.getByLabel('LoRA rank')).toBeVisible();
  await expect(page.getByLabel('Weight format')).toBeDisabled();
  await expect(page.getByRole('row', { name: /Optimizer state/ })).toBeVisible();
  await page.getByText('Show the math').click();
  await expect(page.locator('.math')).toContainText('adapter parameters (rank 16');
});

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the calculator fits the screen and lists the GPUs a model fits on', async ({ page }) => {
    await page.goto('calculators/memory/?model=mixtral-8x7b-v0.1');
    await ready(page);
    await page.getByText('Which GPUs it fits on').click();
    await expect(page.locator('.fit-list li').first()).toBeVisible();
    await expect(page.locator('.fit-list')).toContainText('2 × NVIDIA H100 SXM');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(390);
  });
});

test('a custom architecture starts from the selected model and flags a cleared field', async ({ page }) => {
  await page.goto('calculators/memory/?model=mistral-7b-v0.1');
  await ready(page);
  const total = page.locator('.memory-calculator .total').first();
  await page.getByLabel('Model').selectOption('');
  await expect(page.getByLabel('Layers', { exact: true })).toHaveValue('32');
  await expect(page.getByLabel('KV heads')).toHaveValue('8');
  await expect(page).toHaveURL(/params=7241732096/);
  const customTotal = await total.textContent();
  await page.getByLabel('Layers', { exact: true }).fill('');
  await expect(page.locator('#c0-layers-error')).toHaveText(/^Layers is required: a whole number from 1 to 1,000$/);
  await expect(total).toHaveText(customTotal!);
  await page.getByLabel('Layers', { exact: true }).fill('64');
  await expect(total).not.toHaveText(customTotal!);
});

test('the runtime changes what is counted: vLLM reports the sequences its pool holds, llama.cpp offloads experts', async ({ page }) => {
  await page.goto('calculators/memory/?model=llama-3.1-8b&gpu=h100-sxm');
  await ready(page);
  const result = page.locator('.memory-calculator .result').first();
  await page.getByLabel('Runtime', { exact: true }).selectOption('vllm');
  await expect(page).toHaveURL(/runtime=vllm/);
  await page.getByText('vLLM settings').click();
  await expect(page.getByLabel('GPU memory utilization')).toHaveValue('0.92');
  await expect(result).toContainText(/vLLM's cache pool holds [\d,]+ sequences of 8,192 tokens at once/);
  await expect(result.locator('.breakdown')).toContainText('Activations and CUDA graphs');
  await page.getByLabel('GPU memory utilization').fill('1.5');
  await expect(page.locator('#c0-gpu-memory-utilization-error')).toContainText('GPU memory utilization');
  await expect(page.getByText('Showing the last valid result')).toBeVisible();
  await page.getByLabel('GPU memory utilization').fill('0.5');
  // A GGUF file does not load in vLLM: the message sits by the weight format.
  await page.getByLabel('Weight format').selectOption('q4_k_m');
  await expect(page.locator('#c0-precision-error')).toContainText('does not load in vLLM');

  await page.goto('calculators/memory/?model=gpt-oss-120b&precision=mxfp4&gpu=rtx-4090');
  await ready(page);
  await expect(result).toContainText('Does not fit');
  await page.getByText('llama.cpp settings').click();
  await page.getByLabel('Keep every layer\'s experts in system RAM').check();
  await expect(page).toHaveURL(/cpu-moe=true/);
  await expect(result).toContainText(/of weights stay in system RAM/);
  await expect(result).toContainText(/Decoding cannot exceed [\d.,]+ tokens\/s per sequence \(a bound: part of the model is read from system RAM/);
});
