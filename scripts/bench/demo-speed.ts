// Demo speed against a bare Transformers.js page, side by side in one headless Chromium on WebAssembly, with the
// generated fixture models. Returns medians over several runs of each, and their ratio.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { median } from '../../src/lib/stats/median';
import { CHROMIUM_FLAGS } from '../lib/chromium.mjs';
import { chromium, type Page } from '@playwright/test';
import { makeDemoFixtures } from '../fixtures/make-demo-fixtures';

const FIXTURES = 'test/fixtures/models';
const BARE_ORIGIN = 'http://bare.bench.invalid';
// Long enough (about a second at fixture speeds) that timer and scheduling noise stay small against the run.
const TOKENS = 1000;


function ortFile(name: string): Buffer {
  return readFileSync(join('node_modules', 'onnxruntime-web', 'dist', name));
}

async function bareBundle(): Promise<string> {
  const result = await build({
    entryPoints: ['scripts/bench/bare-generate.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function bareRun(page: Page, script: string): Promise<number> {
  await page.route(`${BARE_ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare</title><script type="module" src="/bare.js"></script>' });
    if (path === '/bare.js') return route.fulfill({ contentType: 'text/javascript', body: script });
    if (path.startsWith('/ort/')) {
      const name = path.slice('/ort/'.length);
      return route.fulfill({ contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript', body: ortFile(name) });
    }
    const file = join(FIXTURES, decodeURIComponent(path.slice('/models/'.length)));
    return existsSync(file) ? route.fulfill({ body: readFileSync(file) }) : route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${BARE_ORIGIN}/?tokens=${TOKENS}`);
  await page.waitForFunction(() => window.benchResult !== undefined, undefined, { timeout: 120_000 });
  const result = await page.evaluate(() => window.benchResult!);
  if ('error' in result) throw new Error(`bare page: ${result.error}`);
  return result.tokensPerSecond;
}

async function demoRun(page: Page, siteUrl: string, baseRepo: string): Promise<number> {
  await page.route('https://huggingface.co/**', (route) => {
    const match = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(route.request().url());
    const folder = match?.[1] === baseRepo ? 'tiny-llama-base' : 'tiny-llama-instruct';
    const file = match ? join(FIXTURES, 'fixtures', folder, decodeURIComponent(match[2]!)) : '';
    return file && existsSync(file) ? route.fulfill({ body: readFileSync(file) }) : route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${siteUrl}demo/`);
  const load = page.getByRole('button', { name: 'Load models' });
  await load.scrollIntoViewIfNeeded();
  await load.click();
  const base = page.getByRole('region', { name: /^Base model/ });
  await base.locator('.output').filter({ hasText: 'Ready.' }).waitFor({ timeout: 120_000 });
  await page.getByRole('region', { name: /^Instruct model/ }).locator('.output').filter({ hasText: 'Ready.' }).waitFor({ timeout: 120_000 });
  await page.getByLabel('Max new tokens').fill(String(TOKENS));
  await page.getByRole('button', { name: 'Run both' }).click();
  const stats = await base.locator('.stats').textContent({ timeout: 120_000 });
  const match = /([\d.]+) tokens\/s/.exec(stats ?? '');
  if (!match) throw new Error(`demo page: no speed in "${stats}"`);
  return Number(match[1]);
}

export interface DemoSpeed {
  demoTokensPerSecond: number;
  bareTokensPerSecond: number;
  /** Median over the runs of demo / bare, each demo run paired with the bare run just before it. */
  ratio: number;
  /** Lowest and highest paired ratio, to show how noisy the machine was. */
  ratioRange: [number, number];
  runs: number;
}

/** `siteUrl`: the built site served on loopback, ending in "/". */
export async function measureDemoSpeed(siteUrl: string, baseRepo: string, runs = 7): Promise<DemoSpeed> {
  makeDemoFixtures(FIXTURES);
  const script = await bareBundle();
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
  const demo: number[] = [];
  const bare: number[] = [];
  try {
    // Alternate the two so machine load drifts affect both alike.
    for (let run = 0; run < runs; run += 1) {
      for (const [list, measure] of [
        [bare, (page: Page) => bareRun(page, script)],
        [demo, (page: Page) => demoRun(page, siteUrl, baseRepo)],
      ] as const) {
        const context = await browser.newContext();
        list.push(await measure(await context.newPage()));
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  // Pairing each demo run with the bare run next to it cancels most of the drift in machine load between runs.
  const ratios = demo.map((speed, index) => speed / bare[index]!);
  return {
    demoTokensPerSecond: median(demo),
    bareTokensPerSecond: median(bare),
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    runs,
  };
}
