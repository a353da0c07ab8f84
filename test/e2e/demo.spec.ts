import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { expect, test } from './support/site';
import { demoRegistrySchema } from '../../src/lib/demo/schema';
import { chooseDtype, externalDataChunks, modelFiles } from '../../src/lib/demo/registry';

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
/** A broken answer: a status and body (with headers, e.g. a Content-Length the body falls short of), or a reset connection. */
type Sabotage = { status: number; body: Buffer; headers?: Record<string, string> } | 'abort';

async function serveFixtures(
  page: Page,
  sabotage?: (file: string, body: Buffer) => Sabotage | undefined,
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
    if (broken === 'abort') return route.abort('connectionreset');
    return route.fulfill({ status: broken?.status ?? 200, body: broken?.body ?? body, headers: broken?.headers });
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

test('warns before any download when the device reports too little memory, and offers the smaller pair', async ({ page }) => {
  // Chromium reports navigator.deviceMemory in GB; a 1 GB phone is what the check is for.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 1, configurable: true }));
  const served = await serveFixtures(page);
  await openDemo(page);
  const warning = page.locator('.preflight');
  await expect(warning).toContainText('reports about 1 GB of memory');
  // Twice SmolLM2's weights on WebAssembly: 2 × (1,252,724 + 136,717,568 + 200,000,000) = 675,940,584 bytes.
  await expect(warning).toContainText('needs about 676 MB at its peak');
  await warning.getByRole('button', { name: 'Use SmolLM 135M' }).click();
  await expect(page.getByRole('combobox', { name: 'Pair' })).toHaveValue('smollm-135m');
  // SmolLM 135M: 2 × (136,000,000 + 136,000,000) = 544 MB, still over half of 1 GB; no smaller pair is left to offer.
  await expect(warning).toContainText('needs about 544 MB at its peak');
  await expect(warning.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Load models' })).toBeEnabled();
  expect(served).toEqual([]);
});

test('loads nothing until asked, then runs both models side by side', async ({ page }) => {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const weights = `${pair.base.repo}/onnx/model_quantized.onnx_data`;
  const served = await serveFixtures(page, undefined, fixtureFor, (file) => (file === weights ? released : undefined));
  const load = await openDemo(page);
  await expect(page.getByText(/Loading downloads \d+ files from the Hugging Face Hub/)).toBeVisible();
  // onnxruntime-web's asyncify build: .wasm 26,861,777 + .mjs 53,057 bytes (node_modules/onnxruntime-web/dist).
  await expect(page.locator('.plan')).toContainText('and ONNX Runtime (26.9 MB) from this site');
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

// ---- Real networks (issue 16): every load ends, Retry keeps what is intact, a second visit works offline. ----

/** The base model's external data file on WebAssembly (onnx/model_quantized.onnx_data for SmolLM2's q8 export). */
const baseData = `${pair.base.repo}/${modelFiles(pair.base, chooseDtype(pair.base, 'wasm', false)).dataFiles[0]}`;

async function loadBoth(page: Page) {
  const load = await openDemo(page);
  await load.click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
}

async function runBoth(page: Page) {
  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Sure! Here is my short answer.');
  await expect(panel(page, 'Base').locator('.output')).toContainText('and then the story went on');
}

for (const [label, breakData] of [
  ['a 404', () => ({ status: 404, body: Buffer.from('not found') })],
  // The body stops a third of the way through while its Content-Length promises the whole file: the browser
  // reports the connection as dropped mid-file.
  ['a connection dropped mid-file', (body: Buffer) => ({ status: 200, body: body.subarray(0, Math.floor(body.length / 3)), headers: { 'content-length': String(body.length) } })],
  ['a connection reset', () => 'abort' as const],
] as const) {
  test(`${label} on the base model's external data file ends in an error with a working Retry; the rest keeps working`, async ({ page }) => {
    let broken = true;
    const served = await serveFixtures(page, (file, body) => (broken && file === baseData ? breakData(body) : undefined));
    const load = await openDemo(page);
    await load.click();
    const started = Date.now();
    // Bounded: the error comes well within the page's own 60 s bound on a silent download.
    await expect(panel(page, 'Base').getByRole('alert')).toContainText(/Loading failed: .*model_quantized\.onnx_data/, { timeout: 30_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    // The error also shows beside the Load button, and the page's controls still work.
    const models = page.getByRole('group', { name: 'Models' });
    await expect(models.locator('.load-error')).toContainText('The base model did not load');
    await models.getByRole('button', { name: 'Clear downloaded files' }).click();
    await expect(models).toContainText('Downloaded model files were removed from this browser.');
    await expect(page.getByLabel('Prompt', { exact: true })).toBeEditable();

    broken = false;
    const before = served.length;
    await panel(page, 'Base').getByRole('button', { name: 'Retry loading' }).click();
    await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    expect(served.slice(before)).toContain(baseData);
    await runBoth(page);
  });
}

test('Retry after a transient failure asks the network only for the file that failed, not for intact cached files', async ({ page }) => {
  let broken = true;
  const served = await serveFixtures(page, (file, body) =>
    broken && file === baseData ? { status: 200, body: body.subarray(0, 100), headers: { 'content-length': String(body.length) } } : undefined,
  );
  const load = await openDemo(page);
  await load.click();
  await expect(panel(page, 'Base').getByRole('alert')).toBeVisible({ timeout: 30_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  const firstVisit = served.filter((file) => file.startsWith(`${pair.base.repo}/`));
  // The first attempt fetched every base file (the graph, config, tokenizer...), the failed one included.
  expect(firstVisit).toContain(`${pair.base.repo}/onnx/model_quantized.onnx`);
  expect(firstVisit).toContain(`${pair.base.repo}/tokenizer.json`);

  broken = false;
  const before = served.length;
  await panel(page, 'Base').getByRole('button', { name: 'Retry loading' }).click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  // A network error proves nothing about the files that arrived whole: only the failed one is fetched again.
  expect(served.slice(before)).toEqual([baseData]);
  await runBoth(page);
});

test('a model whose first scores are all the same is refused at warm-up, its weights dropped, and Retry fetches them again', async ({ page }) => {
  // Weights of all zeros (the right length, so the download itself succeeds) make every score the same.
  let zeroed = true;
  const served = await serveFixtures(page, (file, body) => (zeroed && file === baseData ? { status: 200, body: Buffer.alloc(body.length) } : undefined));
  const load = await openDemo(page);
  await load.click();
  const alert = panel(page, 'Base').getByRole('alert');
  await expect(alert).toContainText("the model's first scores were all the same", { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  zeroed = false;
  const before = served.length;
  await panel(page, 'Base').getByRole('button', { name: 'Retry loading' }).click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  // On WebAssembly the weights are to blame: the graph and its data are fetched again, nothing else.
  expect(served.slice(before).sort()).toEqual([`${pair.base.repo}/onnx/model_quantized.onnx`, baseData].sort());
  await runBoth(page);
});

test.describe('Safari below 26 without WebGPU', () => {
  test.use({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15' });

  test('gets the plain ONNX Runtime build, counted in the estimate, and runs both models on it', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'vendor', { get: () => 'Apple Computer, Inc.', configurable: true });
      delete (Navigator.prototype as { gpu?: unknown }).gpu;
    });
    const runtimeFiles: string[] = [];
    page.on('request', (request) => {
      const name = new URL(request.url()).pathname.split('/').at(-1)!;
      if (name.startsWith('ort-wasm')) runtimeFiles.push(name);
    });
    await serveFixtures(page);
    const load = await openDemo(page);
    // onnxruntime-web's plain build: .wasm 14,264,838 + .mjs 24,381 bytes = 14.3 MB.
    await expect(page.locator('.plan')).toContainText('and ONNX Runtime (14.3 MB) from this site');
    await load.click();
    await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
    await runBoth(page);
    expect(runtimeFiles.length).toBeGreaterThan(0);
    expect(runtimeFiles.filter((name) => name.includes('asyncify'))).toEqual([]);
    expect(runtimeFiles.some((name) => /^ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(name))).toBe(true);
  });
});

test('a second visit with a complete cache loads and runs with the Hub unreachable', async ({ page }) => {
  await serveFixtures(page);
  await loadBoth(page);
  await runBoth(page);

  await page.unrouteAll({ behavior: 'wait' });
  const attempted: string[] = [];
  await page.route(/^https:\/\/([^/]+\.)?(huggingface\.co|hf\.co)\//, (route) => {
    attempted.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.reload();
  await loadBoth(page);
  await runBoth(page);
  // Nothing was needed from the Hub: not even the library's lookup on the unpinned main branch.
  expect(attempted).toEqual([]);
  await page.locator('.demo').screenshot({ path: 'test-results/demo-offline.png' });
});

test('Change models unloads both and loads another pair without a page reload', async ({ page }) => {
  test.skip(registry.pairs.length < 2, 'needs a second pair');
  const served = await serveFixtures(page);
  await loadBoth(page);
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  await expect(page.getByLabel('Pair')).toBeDisabled();
  await page.getByRole('button', { name: 'Change models' }).click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Not loaded yet.');
  await expect(page.getByRole('button', { name: 'Change models' })).toHaveCount(0);
  // Both workers are gone (each freed its model first, then was ended).
  const other = registry.pairs[1]!;
  await page.getByLabel('Pair').selectOption(other.id);
  await page.getByLabel('Run on').selectOption('wasm');
  await page.getByRole('button', { name: 'Load models' }).click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Base').locator('.repo')).toContainText(other.base.repo);
  expect(served.some((file) => file.startsWith(`${other.base.repo}/onnx/`))).toBe(true);
  await runBoth(page);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
});

test('after a WebGPU failure, "Retry on WebAssembly" loads both models on the CPU', async ({ page }) => {
  // The page is told WebGPU exists; the workers find none, as on a browser whose GPU process fails.
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'gpu', { value: { requestAdapter: async () => ({ features: { has: () => false } }) } });
  });
  await serveFixtures(page);
  const load = await openDemo(page);
  await load.click();
  await expect(page.getByRole('status').filter({ hasText: 'WebGPU is available' })).toBeVisible();
  await expect(panel(page, 'Base').getByRole('alert')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Retry on WebAssembly' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'WebAssembly, as you chose.' })).toBeVisible();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await runBoth(page);
});

test('after the download, each panel says it is preparing the model until the runtime is ready', async ({ page }) => {
  await serveFixtures(page);
  // Holding back ONNX Runtime's WebAssembly file (fetched when the session is built) keeps both panels preparing.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/ort-wasm-simd-threaded[^/?]*\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  const load = await openDemo(page);
  await load.click();
  for (const role of ['Base', 'Instruct'] as const) {
    await expect(panel(page, role).locator('.preparing')).toContainText('Preparing the model…', { timeout: 60_000 });
    await expect(panel(page, role)).toHaveAttribute('aria-busy', 'true');
  }
  await expect(page.getByRole('button', { name: 'Run both' })).toBeDisabled();
  release();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
  await expect(panel(page, 'Base').locator('.preparing')).toHaveCount(0);
});

test('the token count leaves out the end-of-turn token, and Ctrl+Enter runs both models', async ({ page }) => {
  await serveFixtures(page);
  await loadBoth(page);
  await page.getByLabel('Prompt', { exact: true }).press('Control+Enter');
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Sure! Here is my short answer.');
  // Sure / ! / Here / is / my / short / answer / . : eight tokens; the <|im_end|> that ends the turn is not one.
  await expect(panel(page, 'Instruct').locator('.stats')).toContainText(/^8 tokens ·/);
  // The base fixture never ends its turn: 48 new tokens, all counted.
  await expect(panel(page, 'Base').locator('.stats')).toContainText(/^48 tokens ·/);
});

test('model output containing HTML is shown as text', async ({ page }) => {
  await serveFixtures(page, undefined, { ...fixtureFor, [pair.instruct.repo]: 'tiny-llama-instruct-html' });
  await loadBoth(page);
  await page.getByRole('button', { name: 'Run both' }).click();
  const output = panel(page, 'Instruct').locator('.output');
  // HTML_CHAIN in scripts/fixtures/make-demo-fixtures.ts, joined.
  await expect(output).toHaveText('<b>Bold</b> <img src=x onerror=alert(1)> &amp; <script>done');
  await expect(output.locator('b, img, script')).toHaveCount(0);
});

test('Stop ends a long answer within a second', async ({ page }) => {
  await serveFixtures(page, undefined, { ...fixtureFor, [pair.base.repo]: 'tiny-llama-base-slow' });
  await loadBoth(page);
  await page.getByLabel('Max new tokens').fill('1024');
  await page.getByRole('button', { name: 'Run both' }).click();
  // Live figures while it streams.
  await expect(panel(page, 'Base').locator('.stats')).toContainText(/^\d+ tokens so far · [\d.]+ tokens\/s$/);
  const elapsed = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const stats = () => document.querySelector('.panel .stats')?.textContent ?? '';
        const stop = [...document.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Stop')!;
        const start = performance.now();
        new MutationObserver(() => stats().includes('stopped') && resolve(performance.now() - start)).observe(document.body, { subtree: true, childList: true, characterData: true });
        stop.click();
      }),
  );
  expect(elapsed).toBeLessThan(1000);
});

test('on a phone, the prompt shows every line of the list preset and Run brings both answers into view', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await serveFixtures(page);
  await loadBoth(page);
  await page.getByRole('button', { name: 'A list to continue' }).click();
  const box = page.getByLabel('Prompt', { exact: true });
  await expect(box).toHaveValue(/\n3\.$/);
  // Nothing hidden: the box is as tall as its text.
  expect(await box.evaluate((element) => element.scrollHeight <= element.clientHeight + 1)).toBe(true);
  await page.getByRole('button', { name: 'Run both' }).click();
  await expect(panel(page, 'Instruct').locator('.output')).toHaveText('Sure! Here is my short answer.');
  await page.waitForTimeout(800);
  for (const role of ['Base', 'Instruct'] as const) {
    await expect(panel(page, role).locator('.output')).toBeInViewport({ ratio: 0.5 });
  }
});

test('a download that never answers ends in an error after the stall timer, with a working Retry', async ({ page }) => {
  let stalled = true;
  await serveFixtures(page, undefined, fixtureFor, (file) => (stalled && file === baseData ? new Promise<void>(() => {}) : undefined));
  const load = await openDemo(page);
  await load.click();
  // STALL_MS in src/demo/downloads.ts: 30 s without an answer.
  await expect(panel(page, 'Base').getByRole('alert')).toContainText('no answer for onnx/model_quantized.onnx_data within 30 s', { timeout: 60_000 });
  await expect(page.getByRole('group', { name: 'Models' }).locator('.load-error')).toContainText('within 30 s. Retry from its panel.');
  stalled = false;
  await panel(page, 'Base').getByRole('button', { name: 'Retry loading' }).click();
  await expect(panel(page, 'Base').locator('.output')).toHaveText('Ready.', { timeout: 60_000 });
});
