/**
 * The tools as apps (issue #15): full width, results in view, a phone summary bar, a site menu on pages without
 * the sidebar, results that follow committed input only, links that carry every value and never flash the
 * defaults.
 */
import { expect, seriousAxeViolations, test } from './support/site';
import type { Page } from '@playwright/test';

const TOOL_PAGES = ['calculators/memory/', 'calculators/cost/', 'finder/', 'demo/'];
const WIDTHS = [390, 1280, 1920];

async function hydrated(page: Page, control: string) {
  const first = page.locator(control).first();
  await first.scrollIntoViewIfNeeded();
  await expect(first).toBeEnabled();
}

/** Whether an element's box lies inside the visible part of the window (below the fixed header). */
async function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).first().evaluate((element) => {
    const box = element.getBoundingClientRect();
    const header = document.querySelector('header.header')?.getBoundingClientRect().bottom ?? 0;
    return box.top >= header - 1 && box.bottom <= window.innerHeight + 1 && box.height > 0;
  });
}

/**
 * Selects whose chosen option's text is wider than the room the select gives it. A select never scrolls, so this
 * is measured: the option's text drawn in the select's font against the select's inner width, less its arrow.
 */
async function clippedSelects(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas').getContext('2d')!;
    return [...document.querySelectorAll<HTMLSelectElement>('.olg-tool select')]
      .filter((select) => select.getBoundingClientRect().width > 0)
      .filter((select) => {
        const style = getComputedStyle(select);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = select.selectedOptions[0]?.textContent ?? '';
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return canvas.measureText(text).width > room;
      })
      .map((select) => `${select.id}: "${select.selectedOptions[0]?.textContent}"`);
  });
}

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    for (const path of TOOL_PAGES) {
      test(`/${path} uses the width, has no sideways scroll and no clipped select`, async ({ page }) => {
        await page.goto(path);
        // No table-of-contents rail and no sidebar on a tool page; the menu reaches the rest of the site.
        await expect(page.locator('.right-sidebar')).toHaveCount(0);
        await expect(page.locator('.site-menu > summary')).toBeVisible();
        const tool = page.locator('.olg-tool').first();
        await tool.scrollIntoViewIfNeeded();
        const box = (await tool.boundingBox())!;
        // About 1,100 px or more from 1280 up (the bar); the whole width less the margins on a phone.
        expect(box.width).toBeGreaterThanOrEqual(width >= 1280 ? 1100 : width - 40);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.waitForTimeout(300);
        expect(await clippedSelects(page)).toEqual([]);
      });
    }
  });
}

test.describe('on a desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the memory result stays in view while the last input is focused', async ({ page }) => {
    await page.goto('calculators/memory/');
    await hydrated(page, '.memory-calculator select[name="model"]');
    await page.getByLabel('Runtime overhead (GiB per GPU)').focus();
    // The page brings the result back within a frame of the focus.
    await expect.poll(() => inView(page, '.memory-calculator .total')).toBe(true);
    await expect.poll(() => inView(page, '.memory-calculator .fit .verdict')).toBe(true);
  });

  test('the cost result sits beside the workload and stays in view at the last input', async ({ page }) => {
    await page.goto('calculators/cost/');
    await hydrated(page, '#cost-requests');
    const workload = (await page.locator('.cost-calculator fieldset').first().boundingBox())!;
    const result = (await page.locator('.cost-calculator .olg-app-results').boundingBox())!;
    // Side by side: the result starts right of the workload and at about the same height.
    expect(result.x).toBeGreaterThan(workload.x + workload.width - 1);
    expect(Math.abs(result.y - workload.y)).toBeLessThan(60);
    await page.getByLabel('Measured output tokens/s (optional)').focus();
    await expect.poll(() => inView(page, '.cost-result .volume')).toBe(true);
  });

  test('the phone summary bar is not shown on a desktop', async ({ page }) => {
    await page.goto('calculators/memory/');
    await expect(page.locator('.olg-summary-bar').first()).toBeHidden();
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('a summary bar stays at the bottom while the inputs scroll, and leads to the full result', async ({ page }) => {
    await page.goto('calculators/memory/');
    await hydrated(page, '.memory-calculator select[name="model"]');
    await page.getByLabel('Context (tokens)').scrollIntoViewIfNeeded();
    const bar = page.locator('.memory-calculator .olg-summary-bar');
    // Llama 3.1 8B in BF16 on one RTX 4090, as the full result below says.
    await expect(bar).toContainText(/^\d+(\.\d+)? GB · fits on 1 × RTX 4090 · [\d.]+–[\d.]+ tok\/s/);
    const box = (await bar.boundingBox())!;
    expect(box.y + box.height).toBeGreaterThan(844 - 2);
    expect(box.y + box.height).toBeLessThanOrEqual(844 + 1);
    const total = (await page.locator('.memory-calculator .total').textContent())!.match(/[\d.]+ GB/)![0];
    await expect(bar).toContainText(total);
    // The bar repeats what the result says, so it is hidden from screen readers; its link is for the eye only.
    await bar.locator('a', { hasText: 'Full result' }).click();
    await expect.poll(() => inView(page, '.memory-calculator .total')).toBe(true);
  });

  test('the cost calculator has its own summary bar', async ({ page }) => {
    await page.goto('calculators/cost/');
    await hydrated(page, '#cost-requests');
    await page.getByLabel('API 2', { exact: true }).scrollIntoViewIfNeeded();
    await expect(page.locator('.cost-calculator .olg-summary-bar')).toContainText(/^Self-hosted \$[\d,.]+\/mo · cheapest API \$[\d,.]+\/mo/);
  });

  test('the home page and the tools have a menu', async ({ page }) => {
    for (const path of ['', 'calculators/memory/']) {
      await page.goto(path);
      await page.locator('.site-menu > summary').click();
      const menu = page.getByRole('navigation', { name: 'Site' });
      await expect(menu.getByRole('link', { name: 'Cost calculator' })).toBeVisible();
      await menu.getByRole('link', { name: 'Glossary' }).click();
      await expect(page).toHaveURL(/reference\/glossary\/$/);
    }
  });
});

test('results follow committed input: typing 1e9 never shows the answer for a context of 1', async ({ page }) => {
  await page.goto('calculators/memory/');
  await hydrated(page, '.memory-calculator select[name="model"]');
  const total = page.locator('.memory-calculator .total');
  const before = await total.textContent();
  // Every text the total takes from here on.
  await total.evaluate((element) => {
    const seen: string[] = [];
    (window as unknown as { seenTotals: string[] }).seenTotals = seen;
    new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, { subtree: true, characterData: true, childList: true });
  });
  const context = page.getByLabel('Context (tokens)');
  await context.fill('');
  await context.pressSequentially('1e9', { delay: 80 });
  await context.blur();
  // Llama 3.1 8B stops at 131,072 tokens: 1e9 is refused by name, and the last committed result stays, dimmed.
  await expect(page.locator('#c0-context-error')).toContainText('Context (tokens) must be');
  await expect(page.locator('.memory-calculator .result-body')).toHaveClass(/is-stale/);
  const opacity = await page.locator('.memory-calculator .fit').evaluate((element) => getComputedStyle(element.closest('.result-body')!).opacity);
  expect(Number(opacity)).toBeLessThan(1);
  await expect(total).toHaveText(before!);
  expect(await page.evaluate(() => (window as unknown as { seenTotals: string[] }).seenTotals.filter((text) => text !== ''))).toEqual([]);
  // A value typed and then left alone is committed after the pause, without leaving the field.
  await context.fill('32768');
  await expect(total).not.toHaveText(before!);
  await expect(page).toHaveURL(/context=32768/);
});

test('a label names the field in every message', async ({ page }) => {
  await page.goto('calculators/memory/');
  await hydrated(page, '.memory-calculator select[name="model"]');
  await page.getByLabel('Runtime overhead (GiB per GPU)').fill('-1');
  await expect(page.locator('#c0-overhead-gib-error')).toContainText(/^Runtime overhead \(GiB per GPU\) must be/);
  await page.goto('calculators/cost/');
  await hydrated(page, '#cost-requests');
  await page.getByLabel('API 1 input $/1M').fill('x');
  await expect(page.locator('#cost-api1-in-error')).toContainText(/^API 1 input \$\/1M must be/);
});

test.describe('shared links', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('Copy link carries every value, defaults included, and opens the same calculator', async ({ page, context }) => {
    await page.goto('calculators/memory/');
    await hydrated(page, '.memory-calculator select[name="model"]');
    await page.getByLabel('Weight format').selectOption('q4_k_m');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const params = new URL(link).searchParams;
    // The defaults are written too, so the link keeps its meaning if the page's defaults change.
    for (const [field, value] of [['model', 'llama-3.1-8b'], ['precision', 'q4_k_m'], ['context', '8192'], ['batch', '1'], ['gpu', 'rtx-4090'], ['gpus', '1']]) {
      expect(params.get(field), field).toBe(value);
    }
    const other = await context.newPage();
    await other.goto(link);
    await hydrated(other, '.memory-calculator select[name="model"]');
    await expect(other.getByLabel('Weight format')).toHaveValue('q4_k_m');
    await expect(other.locator('.memory-calculator .total')).toHaveText((await page.locator('.memory-calculator .total').textContent())!);
  });

  test('the cost link carries the prices and the date they were read', async ({ page }) => {
    await page.goto('calculators/cost/');
    await hydrated(page, '#cost-requests');
    // The price boxes show the listed prices as values, not as grey placeholders.
    expect(await page.getByLabel('API 1 input $/1M').inputValue()).toMatch(/^\d/);
    await page.getByLabel('Requests per day').fill('5000');
    await expect(page).toHaveURL(/requests=5000/);
    const params = new URL(page.url()).searchParams;
    expect(params.get('prices')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(params.get('api1-in')).toBe(await page.getByLabel('API 1 input $/1M').inputValue());
    expect(params.get('gpu-price')).toMatch(/^\d/);
    // An older link keeps its own prices and says so.
    params.set('prices', '2020-01-01');
    params.set('api1-in', '123');
    await page.goto(`calculators/cost/?${params}`);
    await hydrated(page, '#cost-requests');
    await expect(page.getByLabel('API 1 input $/1M')).toHaveValue('123');
    await expect(page.getByText('This link keeps the prices it was made with (read on 2020-01-01)')).toBeVisible();
  });

  test('tokens per day is a volume of its own, carried over from requests', async ({ page }) => {
    await page.goto('calculators/cost/');
    await hydrated(page, '#cost-requests');
    const volume = page.locator('.cost-result .volume');
    const before = await volume.textContent();
    await page.getByLabel('Volume given as').selectOption('tokens');
    // 10,000 requests × (1,500 + 300) tokens = 18,000,000 tokens a day: the same month as before.
    await expect(page.getByLabel('Tokens per day (input + output)')).toHaveValue('18000000');
    await expect(volume).toHaveText(before!);
    await page.getByLabel('Tokens per day (input + output)').fill('36000000');
    await expect(page).toHaveURL(/tokens-day=36000000/);
    await expect(volume).not.toHaveText(before!);
  });

  for (const [path, result, control] of [
    ['calculators/memory/?model=qwen3-8b&precision=q4_k_m&gpu=rtx-3090', '.memory-calculator .result-body', '.memory-calculator select[name="model"]'],
    ['calculators/cost/?model=qwen3-8b&requests=500', '.cost-calculator .cost-result', '#cost-requests'],
    ['finder/?task=code&gpu=rtx-3090', '.model-finder .finder-heading', '#finder-task'],
    ['models/?q=llama%203', '.model-table .table-scroll', '.model-table input[type="search"]'],
  ] as const) {
    test(`a shared link never shows the defaults' result before the script has read it: /${path.split('?')[0]}`, async ({ page }) => {
      // Hold the island's scripts back, as a slow phone would.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/_astro/*.js', async (route) => {
        await held;
        await route.continue();
      });
      // Held module scripts hold DOMContentLoaded back too, so wait only for the response.
      await page.goto(path, { waitUntil: 'commit' });
      await expect(page.locator('.olg-awaits-note').first()).toBeVisible();
      await expect(page.locator(result).first()).toBeHidden();
      release();
      await hydrated(page, control);
      await expect(page.locator(result).first()).toBeVisible();
      // The note stays in the page, hidden once the address is read (the tool is not drawn twice to drop it).
      await expect(page.locator('.olg-awaits-note').first()).toBeHidden();
    });
  }
});

test('the home page’s entry cards are links, the finder among them', async ({ page }) => {
  await page.goto('');
  for (const [name, path] of [['Read the guide', /start-here\/$/], ['Run the calculators', /calculators\/memory\/$/], ['Try the demo', /demo\/$/], ['Model finder', /finder\/$/]] as const) {
    await page.goto('');
    await page.getByRole('link', { name }).click();
    // The path only: a tool writes its settings into the query once it is live, which may come before this check.
    await expect.poll(() => new URL(page.url()).pathname).toMatch(path);
  }
});

test('one card, one unit: an RTX 4090 is “24 GB” as sold and 24 GiB wherever a need is set against it', async ({ page }) => {
  const sold = 'NVIDIA GeForce RTX 4090 · 24 GB';
  // The memory calculator: the select names the card as sold; the fit line compares GiB with GiB.
  await page.goto('calculators/memory/?model=llama-3.1-8b&gpu=rtx-4090');
  await hydrated(page, '.memory-calculator select[name="model"]');
  await expect(page.locator('#c0-gpu option:checked')).toHaveText(sold);
  await expect(page.locator('.memory-calculator .fit').first()).toContainText(/GiB of 24 GiB usable/);
  // Typing 24 as your own GPU's memory gives the very same budget.
  const fitLine = await page.locator('.memory-calculator .fit p').first().textContent();
  await page.goto('calculators/memory/?model=llama-3.1-8b&gpu=custom&gpu-memory-gib=24&gpu-bandwidth-gbs=1008');
  await hydrated(page, '.memory-calculator select[name="model"]');
  await expect(page.locator('.memory-calculator .fit p').first()).toContainText(fitLine!.split(' with ')[1]!.split(' on the fullest')[0]!);
  // The finder, the cost calculator, the GPU table and the card's own page.
  await page.goto('finder/?gpu=rtx-4090');
  await hydrated(page, '#finder-task');
  await expect(page.locator('#finder-gpu option:checked')).toHaveText(sold);
  await expect(page.locator('.model-finder .olg-app-results')).toContainText('of 24 GiB');
  await expect(page.locator('.model-finder .olg-app-results')).not.toContainText('25.8 GB');
  await page.goto('calculators/cost/?gpu=rtx-4090');
  await hydrated(page, '#cost-requests');
  await expect(page.locator('#cost-gpu option:checked')).toHaveText(sold);
  await page.goto('gpus/');
  await expect(page.getByRole('row', { name: /RTX 4090/ }).getByRole('cell').first()).toHaveText('24 GB');
  await page.goto('gpus/rtx-4090/');
  await expect(page.locator('main')).toContainText('24 GB as sold: 24 GiB, 25.8 GB');
  await page.goto('models/?gpu=rtx-4090');
  await expect(page.getByLabel('Your GPU').locator('option:checked')).toHaveText(sold);
});

test.describe('in the dark theme', () => {
  test.use({ colorScheme: 'dark' });

  for (const path of TOOL_PAGES) {
    test(`/${path} passes axe`, async ({ page }) => {
      await page.addInitScript(() => localStorage.setItem('starlight-theme', 'dark'));
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      const tool = page.locator('.olg-tool').first();
      await tool.scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  }
});
