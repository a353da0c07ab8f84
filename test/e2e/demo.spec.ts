import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { expect, test } from './support/site';
import { demoRegistrySchema } from '../../src/lib/demo/schema';
import { chooseDtype, externalDataChunks } from '../../src/lib/demo/registry';

const FIXTURES = 'test/fixtures/models/fixtures';
const registry = demoRegistrySchema.parse(JSON.parse(readFileSync('content/demo-models.json', 'utf8')));
const pair = registry.pairs[0]!;

/**
 * Which fixture stands in for each repository of the registry: the instruct fixture for instruct models; for base
 * models, the fixture with the same weight layout (external data or not) as the file WebAssembly loads.
 */
const fixtureFor: Record<string, string> = Object.fromEntries(
  registry.pairs.flatMap(({ base, instruct }) => [
    [base.repo, externalDataChunks(base, chooseDtype(base, 'wasm', false)) > 0 ? 'tiny-llama-base' : 'tiny-llama-base-inline'],
    [instruct.repo, 'tiny-llama-instruct'],
  ]),
);
const revisionOf = new Map(registry.pairs.flatMap(({ base, instruct }) => [base, instruct].map((model) => [model.repo, model.revision] as const)));

/**
 * Answers the Hub's file URLs (https://huggingface.co/<repo>/resolve/<revision>/<file>) from the generated fixture
 * models, so the real demo page runs its real loading code without a network. Only the registry's pinned revision
 * is answered, as the Hub would for a file that does not exist elsewhere. `sabotage` can break one file.
 */
async function serveFixtures(
  page: Page,
  sabotage?: (file: string, body: Buffer) => { status: number; body: Buffer } | undefined,
  folders: Record<string, string> = fixtureFor,
  /** Holds back a file's response until the returned promise settles, to look at the page mid-download. */
  hold?: (file: string) => Promise<void> | undefined,
) {
  const served: string[] = [];
  await page.route('https://huggingface.co/**', async (route: Route) => {
    const match = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(route.request().url());
    // Transformers.js 4.3.1 checks that tokenizer_config.json exists with a one-byte Range request that ignores the
    // revision (it asks main); every download itself must come from the pinned revision.
    const probe = route.request().headers()['range'] === 'bytes=0-0';
    const pinned = match && (probe || decodeURIComponent(match[2]!) === revisionOf.get(match[1]!));
    const folder = pinned ? folders[match![1]!] : undefined;
    const path = folder ? join(FIXTURES, folder, decodeURIComponent(match![3]!)) : '';
    if (!folder || !existsSync(path)) return route.fulfill({ status: 404, body: 'not found' });
    if (!probe) served.push(`${match![1]}/${match![3]}`);
    if (!probe) await hold?.(`${match![1]}/${match![3]}`);
    const body = readFileSync(path);
    const broken = sabotage?.(`${match![1]}/${match![3]}`, body);
    return route.fulfill({ status: broken?.status ?? 200, body: broken?.body ?? body });
  });
  return served;
}

async function openDemo(page: Page) {
  await page.goto('demo/');
  const load = page.getByRole('button', { name: 'Load models' });
  await load.scrollIntoViewIfNeeded();
  await expect(load).toBeEnabled();
  return load;
}

test.describe.configure({ timeout: 120_000 });

const panel = (page: Page, role: 'Base' | 'Instruct') => page.getByRole('region', { name: new RegExp(`^${role} model`) });

test('loads nothing until asked, then runs both models side by side', async ({ page }) => {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const weights = `${pair.base.repo}/onnx/model_quantized.onnx_data`;
  const served = await serveFixtures(page, undefined, fixtureFor, (file) => (file === weights ? released : undefined));
  const load = await openDemo(page);
  await expect(page.getByText(/Loading downloads \d+ files from the Hugging Face Hub/)).toBeVisible();
  expect(served).toEqual([]);
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => /worker|ort-wasm/.test(name)));
  expect(scripts).toEqual([]);

  await load.click();
  await expect(page.getByRole('status').filter({ hasText: /WebAssembly/ })).toBeVisible();
  // Mid-download, with the base model's weights held back: a progress bar and each file's bytes so far.
  await expect(panel(page, 'Base').getByRole('progressbar', { name: 'Downloading the base model' })).toBeVisible();
  await expect(panel(page, 'Base').locator('.progress li').filter({ hasText: /^tokenizer\.json: [\d.]+ kB of [\d.]+ kB$/ })).toHaveCount(1);
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  release();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  // On WebAssembly: the instruct repo has no 8-bit file, so 4-bit; the base export's 8-bit weights sit in an
  // external data file, fetched because the registry lists it.
  expect(served).toContain(`${pair.instruct.repo}/onnx/model_q4.onnx`);
  expect(served).toContain(`${pair.base.repo}/onnx/model_quantized.onnx`);
  expect(served).toContain(`${pair.base.repo}/onnx/model_quantized.onnx_data`);

  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Sure! Here is my short answer.');
  await expect(panel(page, 'Base').locator('.output')).toContainText('and then the story went on');
  await expect(panel(page, 'Instruct').locator('.stats')).toContainText(/\d+ tokens · first after \d+ ms · [\d.]+ tokens\/s/);

  await page.getByLabel('Show the exact prompts').check();
  await expect(panel(page, 'Instruct').locator('.template')).toContainText('<|im_start|>assistant');
  await expect(panel(page, 'Base').locator('.template')).toHaveText('What is the capital of France?');
  // Kept for people reviewing the page: the demo after a run, as a reader sees it.
  await page.locator('.demo').screenshot({ path: 'test-results/demo-after-run.png' });
});

test('Stop ends a long answer where it is, says so, and lets the reader run again', async ({ page }) => {
  // The slow base fixture needs far longer than this test for 1,024 tokens, so Stop always lands mid-answer.
  await serveFixtures(page, undefined, { ...fixtureFor, [pair.base.repo]: 'tiny-llama-base-slow' });
  const load = await openDemo(page);
  await load.click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await page.getByLabel('Max new tokens').fill('1024');
  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(page.getByRole('button', { name: 'Run both' })).toBeDisabled();
  await expect(panel(page, 'Base').locator('.output')).toContainText('story');
  await page.getByRole('button', { name: 'Stop' }).click();

  const stats = panel(page, 'Base').locator('.stats');
  await expect(stats).toContainText('stopped');
  await expect(page.getByRole('button', { name: 'Run both' })).toBeEnabled();
  const tokens = Number(/^(\d+) tokens/.exec((await stats.textContent())!)![1]);
  expect(tokens).toBeGreaterThan(0);
  expect(tokens).toBeLessThan(1024);
  // What was streamed before Stop stays on screen, one fixture word per token counted: nothing arrived after.
  const output = (await panel(page, 'Base').locator('.output').textContent())!;
  expect(output).toMatch(/^ and then the story/);
  expect(output.match(/ then| the| and| story| went| on| without| end|,/g)).toHaveLength(tokens);
});

for (const [label, breakFile] of [
  ['a missing file (404)', (body: Buffer) => ({ status: 404, body: Buffer.from('not found') }) as const],
  ['a truncated file', (body: Buffer) => ({ status: 200, body: body.subarray(0, Math.floor(body.length / 3)) })],
] as const) {
  test(`a failed download (${label}) shows in its panel only, and Retry recovers`, async ({ page }) => {
    let broken = true;
    await serveFixtures(page, (file, body) => (broken && file === `${pair.instruct.repo}/onnx/model_q4.onnx` ? breakFile(body) : undefined));
    const load = await openDemo(page);
    await page.getByLabel('Prompt', { exact: true }).fill('Keep this prompt');
    await load.click();
    await expect(panel(page, 'Instruct').getByRole('alert')).toBeVisible({ timeout: 60_000 });
    await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('Keep this prompt');
    broken = false;
    await panel(page, 'Instruct').getByRole('button', { name: 'Retry loading' }).click();
    await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  });
}

test('a model that fails while generating shows why in its panel, keeps the prompt, and reloads from the cache', async ({ page }) => {
  const served = await serveFixtures(page, undefined, { ...fixtureFor, [pair.base.repo]: 'tiny-llama-fails-when-run' });
  const load = await openDemo(page);
  await page.getByLabel('Prompt', { exact: true }).fill('Keep this prompt too');
  await load.click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(panel(page, 'Base').getByRole('alert')).toContainText('Generation failed; reload the model');
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Sure! Here is my short answer.');
  await expect(panel(page, 'Instruct').getByRole('alert')).toHaveCount(0);
  await expect(page.getByLabel('Prompt', { exact: true })).toHaveValue('Keep this prompt too');
  await expect(page.getByRole('button', { name: 'Run both' })).toBeDisabled();
  await page.locator('.panels').screenshot({ path: 'test-results/demo-runtime-failure.png' });

  const downloads = served.length;
  await panel(page, 'Base').getByRole('button', { name: 'Reload the model' }).click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  // The weights come back from the browser's cache, not the network.
  expect(served.slice(downloads).filter((file) => file.includes('/onnx/'))).toEqual([]);
  await expect(page.getByRole('button', { name: 'Run both' })).toBeEnabled();
});

test('a config.json with a context length that is not a number is refused by name, in its panel only', async ({ page }) => {
  // A string here once switched the prompt-length check off; an object broke generation (issue 20).
  await serveFixtures(page, (file, body) => {
    if (file !== `${pair.base.repo}/config.json`) return undefined;
    const config = { ...(JSON.parse(body.toString('utf8')) as object), max_position_embeddings: 'lots' };
    return { status: 200, body: Buffer.from(JSON.stringify(config)) };
  });
  const load = await openDemo(page);
  await load.click();
  await expect(panel(page, 'Base').getByRole('alert')).toContainText(`${pair.base.repo}/config.json: max_position_embeddings must be a whole number from 64 to 16,777,216; got "lots"`, { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
});

test('every pair in the registry loads and runs from the Pair menu, so adding one is a data change', async ({ page }) => {
  test.setTimeout(60_000 + registry.pairs.length * 60_000);
  const served = await serveFixtures(page);
  for (const [index, entry] of registry.pairs.entries()) {
    if (index > 0) await page.reload();
    const load = await openDemo(page);
    await page.getByLabel('Pair').selectOption(entry.id);
    await expect(page.locator('.plan')).toContainText(entry.base.repo);
    await expect(page.locator('.plan')).toContainText(entry.instruct.repo);
    await load.click();
    await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    await expect(panel(page, 'Base').locator('.repo')).toContainText(entry.base.repo);
    await page.getByRole('button', { name: 'Run both' }).click();
    await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Sure! Here is my short answer.');
    await expect(panel(page, 'Base').locator('.output')).toContainText('and then the story went on');
    expect(served.some((file) => file.startsWith(`${entry.base.repo}/onnx/`))).toBe(true);
    expect(served.some((file) => file.startsWith(`${entry.instruct.repo}/onnx/`))).toBe(true);
  }
});

test('a long answer scrolls inside its box and follows the newest text', async ({ page }) => {
  await serveFixtures(page);
  const load = await openDemo(page);
  await load.click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await page.getByLabel('Max new tokens').fill('400');
  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(panel(page, 'Base').locator('.stats')).toContainText('400 tokens');
  const box = await panel(page, 'Base').locator('.output').evaluate((element) => ({
    overflows: element.scrollHeight > element.clientHeight + 40,
    distanceFromEnd: element.scrollHeight - element.clientHeight - element.scrollTop,
  }));
  expect(box.overflows).toBe(true);
  expect(box.distanceFromEnd).toBeLessThan(8);
});

test('asking for WebGPU where there is none falls back to WebAssembly and says so', async ({ page }) => {
  await serveFixtures(page);
  const load = await openDemo(page);
  await page.getByLabel('Run on').selectOption('webgpu');
  await load.click();
  await expect(page.getByRole('status').filter({ hasText: 'You asked for WebGPU, but' })).toContainText('using WebAssembly instead');
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
});
