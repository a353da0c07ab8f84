import { expect, test } from './support/site';
import { readFileSync } from 'node:fs';
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
  await expect(page.getByLabel('Model', { exact: true }).first()).toHaveValue('llama-3.1-70b');
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

test('a chat model and its draft on one GPU: the comparison says whether they fit together', async ({ page }) => {
  await page.goto('calculators/memory/?model=llama-3.1-8b&precision=q4_k_m&runtime=llama.cpp&gpu=rtx-4090&gpus=1&context=8192');
  await ready(page);
  await page.getByRole('button', { name: 'Compare with another configuration' }).click();
  const second = page.locator('.configuration').nth(1);
  await second.getByLabel('Model', { exact: true }).selectOption('llama-3.2-1b');
  const note = page.locator('.comparison .together');
  await expect(note).toContainText(/^All together on 1 × NVIDIA GeForce RTX 4090: [\d.]+ GB of [\d.]+ GB usable on the fullest GPU, so they fit\.$/);
  await second.getByLabel('GPU', { exact: true }).selectOption('rtx-3090');
  await expect(note).toContainText('give every configuration the same GPU and count');
});

test('a shared link with a bad field names it and shows no result, not the defaults\' labelled as its own', async ({ page }) => {
  await page.goto('calculators/memory/?model=qwen3-32b&context=1e-320');
  await ready(page);
  await expect(page.getByLabel('Context (tokens)')).toHaveValue('1e-320');
  await expect(page.locator('#c0-context-error')).toContainText('Context (tokens) must be a whole number');
  await expect(page.getByText('Correct the field marked in red to see a result.')).toBeVisible();
  await expect(page.locator('.memory-calculator .total')).toHaveCount(0);
  await expect(page.getByText('Showing the last valid result')).toHaveCount(0);
  await page.getByLabel('Context (tokens)').fill('4096');
  await expect(page.locator('.memory-calculator .total')).toHaveCount(1);
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
  await page.getByLabel('Model', { exact: true }).selectOption('');
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

test.describe('any Hugging Face model', () => {
  const qwen3 = JSON.stringify(JSON.parse(readFileSync('content/models/qwen3-8b.json', 'utf8')).config);

  test('fetches a config.json when asked, keeps the repository in the address, and explains every failure beside the field', async ({ page }) => {
    const requests: string[] = [];
    await page.route('https://huggingface.co/**', async (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url.includes('/api/models/')) return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ safetensors: { total: 8_190_735_360 } }) });
      if (url.includes('Qwen/Qwen3-8B/')) return route.fulfill({ status: 200, contentType: 'application/json', body: qwen3 });
      if (url.includes('meta-llama/')) return route.fulfill({ status: 401, body: 'gated' });
      if (url.includes('google-t5/')) return route.fulfill({ status: 200, contentType: 'application/json', body: '{"model_type":"t5","d_model":512}' });
      if (url.includes('offline/')) return route.abort('internetdisconnected');
      return route.fulfill({ status: 404, body: 'not found' });
    });
    await page.goto('calculators/memory/');
    await ready(page);
    expect(requests).toEqual([]);
    await page.getByLabel('Model', { exact: true }).selectOption('hf:');
    await expect(page.locator('.memory-calculator .result-pending')).toBeVisible();
    expect(requests).toEqual([]);

    const repo = page.getByLabel('Hugging Face model');
    const message = page.locator('#c0-hub-message');
    for (const [typed, expected] of [
      ['meta-llama/Llama-3.1-8B', /gated: its config\.json opens only after you accept the licence/],
      ['nobody/nothing', /no such repository, or it has no config\.json/],
      ['offline/model', /could not be reached \(offline, or blocked\); paste or upload the config\.json instead/],
      ['google-t5/t5-small', /model_type "t5" is not supported/],
      ['not a repo', /must be a repository id such as Qwen\/Qwen3-8B/],
    ] as const) {
      await repo.fill(typed);
      await page.getByRole('button', { name: 'Fetch config' }).click();
      await expect(message).toContainText(expected);
      await expect(repo).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator('.memory-calculator .result-pending')).toBeVisible();
    }

    await repo.fill('https://huggingface.co/Qwen/Qwen3-8B');
    await page.getByRole('button', { name: 'Fetch config' }).click();
    // Qwen3-8B: 8,190,735,360 parameters (the model card's figure, and the safetensors total the stub returns).
    await expect(message).toContainText('8,190,735,360 parameters counted from the config, the same as its safetensors files list');
    await expect(page).toHaveURL(/model=hf%3AQwen%2FQwen3-8B/);
    await expect(page.locator('.memory-calculator .total').first()).toContainText('GB');

    // The shared address asks again before contacting the Hub.
    const count = requests.length;
    await page.reload();
    await ready(page);
    await expect(repo).toHaveValue('Qwen/Qwen3-8B');
    await expect(page.getByText('Press Fetch config to read it from huggingface.co.')).toBeVisible();
    expect(requests.length).toBe(count);
  });

  test('reads a pasted config offline, and says what is wrong with a broken one', async ({ page }) => {
    await page.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
    await page.goto('calculators/memory/?model=hf%3A');
    await ready(page);
    await page.getByText('Or paste or upload a config.json').click();
    const pasted = page.getByLabel('config.json');
    await pasted.fill('{"model_type": "qwen3", ');
    await page.getByRole('button', { name: 'Use this config' }).click();
    await expect(page.locator('#c0-hub-message')).toContainText('The pasted text is not valid JSON');
    await pasted.fill(qwen3);
    await page.getByRole('button', { name: 'Use this config' }).click();
    await expect(page.locator('#c0-hub-message')).toContainText('Read Pasted config (qwen3), a qwen3 model: 8,190,735,360 parameters counted from the config.');
    await expect(page.locator('.memory-calculator .total').first()).toContainText('GB');
  });
});

test('a GPU of your own: memory and bandwidth typed in, kept in the address', async ({ page }) => {
  await page.goto('calculators/memory/?model=llama-3.1-8b&precision=q4_k_m');
  await ready(page);
  await page.getByLabel('GPU', { exact: true }).selectOption('custom');
  // Starts from the RTX 4090 that was selected: 24 GiB, 1,008 GB/s.
  await expect(page.getByLabel('GPU memory (GiB)')).toHaveValue('24');
  await expect(page.getByLabel('GPU memory bandwidth (GB/s)')).toHaveValue('1008');
  await page.getByLabel('GPU memory (GiB)').fill('8');
  await page.getByLabel('GPU memory bandwidth (GB/s)').fill('448');
  await expect(page).toHaveURL(/gpu=custom/);
  await expect(page).toHaveURL(/gpu-memory-gib=8/);
  await expect(page.locator('.memory-calculator .fit').first()).toContainText('Custom GPU (8 GiB, 448 GB/s)');
  await page.getByLabel('GPU memory (GiB)').fill('');
  await expect(page.locator('#c0-gpu-memory-gib-error')).toContainText('GPU memory (GiB) is required');
  await page.reload();
  await ready(page);
  await expect(page.getByLabel('GPU memory bandwidth (GB/s)')).toHaveValue('448');
});
