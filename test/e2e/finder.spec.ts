import type { Page } from '@playwright/test';
import { expect, seriousAxeViolations, test } from './support/site';
import { loadModels } from '../../scripts/lib/catalog';

// Parameter counts from the catalog's data files, to check the "Largest that fits" order without the finder's code.
const parametersByName = new Map(loadModels().map(({ model }) => [model.name, model.parameters]));

/** The island hydrates when it scrolls into view; its controls stay disabled until then. */
async function ready(page: Page) {
  await page.locator('#finder-task').scrollIntoViewIfNeeded();
  await expect(page.locator('#finder-task')).toBeEnabled();
}

const recommended = (page: Page) => page.locator('.finder-answer > ol.finder-results > li');
const names = (page: Page) => recommended(page).locator('.finder-model').allTextContents();

/** The middle of each shown "a–b tok/s" range, in list order. */
async function shownSpeeds(page: Page): Promise<number[]> {
  const texts = await recommended(page).locator('.figures div:nth-child(3) dd').allTextContents();
  return texts.map((text) => {
    const [low, high] = text.replace(/,/g, '').match(/[\d.]+/g)!.map(Number);
    return (low! + high!) / 2;
  });
}

test('the sidebar lists the model finder first among the tools', async ({ page }) => {
  await page.goto('start-here/');
  const tools = page.locator('nav[aria-label="Main"] details', { hasText: 'Tools' }).first();
  const first = tools.locator('a').first();
  await expect(first).toHaveText('Model finder');
  await expect(first).toHaveAttribute('href', /\/finder\/$/);
});

test('start here links the finder instead of embedding it', async ({ page }) => {
  await page.goto('start-here/');
  await expect(page.locator('.model-finder')).toHaveCount(0);
  const links = page.getByRole('main').getByRole('link', { name: 'model finder', exact: true });
  await expect(links).toHaveCount(2);
  await links.last().click();
  // The finder writes its fields into the address once it hydrates, so the query string may already be there.
  await expect(page).toHaveURL(/\/finder\/(\?|$)/);
  await expect(page.locator('h1')).toHaveText('Model finder');
});

test('shows an answer before JavaScript runs', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}finder/`);
  await expect(page.locator('.finder-heading')).toHaveText(/\d+ models meet every need/);
  await expect(recommended(page).first().locator('.figures')).toContainText(/GiB of 24 GiB/);
  await context.close();
});

for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport });

    test('every field goes into the address, defaults too, and a reload restores them', async ({ page }) => {
      await page.goto('finder/');
      await ready(page);
      await expect(page).toHaveURL(/\?task=chat&gpu=rtx-4090&gpus=1&license=any&openness=any&context=8192&sort=best$/);
      await page.getByLabel('Task').selectOption('code');
      await page.getByLabel('GPU', { exact: true }).selectOption('custom');
      await page.getByLabel('Memory per GPU (GiB)').fill('48');
      await page.getByLabel('Number of GPUs').fill('2');
      await page.getByLabel('Licence').selectOption('osi');
      await page.getByLabel('Openness').selectOption('open-weights');
      await page.getByLabel('Context needed (tokens)').fill('16384');
      await page.getByLabel('Sort by').selectOption('largest');
      await expect(page).toHaveURL(/\?task=code&gpu=custom&gpus=2&memory=48&license=osi&openness=open-weights&context=16384&sort=largest$/);
      const shown = await names(page);
      await page.reload();
      await ready(page);
      for (const [label, value] of [['Task', 'code'], ['Memory per GPU (GiB)', '48'], ['Number of GPUs', '2'], ['Licence', 'osi'], ['Openness', 'open-weights'], ['Context needed (tokens)', '16384'], ['Sort by', 'largest']]) {
        await expect(page.getByLabel(label!, { exact: true })).toHaveValue(value!);
      }
      await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('custom');
      expect(await names(page)).toEqual(shown);
    });

    test('a link opens with its question answered', async ({ page }) => {
      await page.goto('finder/?task=chat&gpu=h100-sxm&gpus=1&license=commercial&openness=any&context=32768&sort=fastest');
      await ready(page);
      await expect(page.getByLabel('GPU', { exact: true })).toHaveValue('h100-sxm');
      await expect(page.getByLabel('Sort by')).toHaveValue('fastest');
      await expect(recommended(page).first()).toContainText('Licence meets “Commercial use allowed”');
      await expect(recommended(page).first().locator('.figures')).toContainText(/GiB of 80 GiB/);
    });

    test('"Largest that fits" and "Fastest" order the list as they say', async ({ page }) => {
      await page.goto('finder/?task=chat&gpu=rtx-4090&gpus=1&license=any&openness=any&context=8192&sort=largest');
      await ready(page);
      const sizes = (await names(page)).map((name) => parametersByName.get(name)!);
      expect(sizes.length).toBeGreaterThan(3);
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      await page.getByLabel('Sort by').selectOption('fastest');
      await expect(page).toHaveURL(/sort=fastest/);
      const speeds = await shownSpeeds(page);
      expect(speeds.length).toBeGreaterThan(3);
      expect(speeds).toEqual([...speeds].sort((a, b) => b - a));
    });

    test('a second GPU brings in a model one card cannot hold', async ({ page }) => {
      await page.goto('finder/?task=chat&gpu=rtx-4090&gpus=1&license=any&openness=any&context=8192&sort=largest');
      await ready(page);
      await expect(recommended(page).filter({ hasText: 'Llama 3.1 70B' })).toHaveCount(0);
      await page.getByLabel('Number of GPUs').fill('2');
      const llama = recommended(page).filter({ has: page.getByRole('link', { name: 'Llama 3.1 70B', exact: true }) });
      await expect(llama).toContainText('on the fullest of 2 GPUs, of 24 GiB each');
      await expect(llama.locator('.figures')).toContainText(/GiB of 24 GiB per GPU/);
      await expect(llama.locator('.figures')).toContainText(/\d–\d+ tok\/s/);
    });

    test('24 GiB typed as memory per GPU gives the RTX 4090’s answer', async ({ page }) => {
      const figures = async () => recommended(page).locator('.finder-model, .figures div:nth-child(2) dd').allTextContents();
      await page.goto('finder/?task=chat&gpu=rtx-4090&gpus=1&license=any&openness=any&context=8192&sort=best');
      await ready(page);
      const card = await figures();
      await page.getByLabel('GPU', { exact: true }).selectOption('custom');
      await expect(page.getByLabel('Memory per GPU (GiB)')).toHaveValue('24');
      await expect(page.getByText('The number the card is sold with: a “24 GB” card holds 24 GiB.')).toBeVisible();
      await expect(recommended(page).first().locator('.figures')).toContainText('needs a listed GPU');
      expect(await figures()).toEqual(card);
      expect(card.join(' ')).not.toMatch(/\d GB/);
    });

    test('errors name the field by its label, keep what was typed and keep the last answer', async ({ page }) => {
      await page.goto('finder/');
      await ready(page);
      const first = await recommended(page).first().locator('.finder-model').textContent();
      await page.getByLabel('Context needed (tokens)').fill('lots');
      await expect(page.locator('#finder-context-error')).toHaveText('Context needed (tokens) must be a whole number from 1 to 10,000,000; that is not a number: "lots"');
      await expect(page.getByLabel('Context needed (tokens)')).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByLabel('Context needed (tokens)')).toHaveValue('lots');
      await expect(page).toHaveURL(/context=lots/);
      await expect(page.getByText('Showing the answer for your last valid entries')).toBeVisible();
      await expect(recommended(page).first().locator('.finder-model')).toHaveText(first!);
      await page.getByLabel('Number of GPUs').fill('9');
      await expect(page.locator('#finder-gpus-error')).toHaveText('Number of GPUs must be a whole number from 1 to 8; got "9"');
      expect(await page.locator('.model-finder').textContent()).not.toMatch(/NaN|undefined|Infinity/);
    });

    test('a link with bad values shows each field’s error, not a crash or another answer', async ({ page, watch }) => {
      await page.goto('finder/?task=poetry&gpu=custom&memory=-3&gpus=99&license=any&openness=any&context=8192&sort=cheapest');
      await ready(page);
      await expect(page.locator('#finder-task-error')).toContainText('Task must be one of');
      await expect(page.locator('#finder-memory-error')).toHaveText('Memory per GPU (GiB) must be a number from 0.5 to 2,048 GiB; got "-3"');
      await expect(page.locator('#finder-gpus-error')).toHaveText('Number of GPUs must be a whole number from 1 to 8; got "99"');
      await expect(page.locator('#finder-sort-error')).toHaveText('Sort by must be one of best, largest, fastest; got "cheapest"');
      // The unknown values stay selected, so the reader sees what the link said.
      await expect(page.getByLabel('Task')).toHaveValue('poetry');
      await expect(page.getByLabel('Sort by')).toHaveValue('cheapest');
      await expect(page.locator('.finder-heading')).toHaveText('No answer yet');
      await expect(recommended(page)).toHaveCount(0);
      expect(watch.consoleErrors).toEqual([]);
    });

    test('result links look like the guide’s links, in light and dark', async ({ page }) => {
      for (const theme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: theme as 'light' | 'dark' });
        await page.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
        await page.goto('finder/');
        await ready(page);
        const style = (selector: string) =>
          page.locator(selector).first().evaluate((element) => {
            const computed = getComputedStyle(element);
            return { color: computed.color, underline: computed.textDecorationLine };
          });
        const prose = await style('.sl-markdown-content > p a[href$="models/"]');
        expect(await style('.finder-model')).toEqual(prose);
        expect(await style('.finder-size')).toEqual(prose);
        expect(prose.underline).toBe('underline');
      }
    });

    test('keyboard alone changes the question', async ({ page }) => {
      await page.goto('finder/');
      await ready(page);
      await page.getByLabel('Sort by').focus();
      await page.keyboard.press('ArrowDown');
      await expect(page).toHaveURL(/sort=largest/);
      await page.keyboard.press('Shift+Tab');
      await expect(page.getByLabel('Context needed (tokens)')).toBeFocused();
    });

    test('fits the screen, keeps GPU names whole and passes axe', async ({ page }) => {
      await page.goto('finder/?task=chat&gpu=rtx-4060-ti-16gb&gpus=2&license=any&openness=any&context=8192&sort=best');
      await ready(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // A closed select cannot wrap: the widest option's text (measured in the select's own font) must fit inside
      // it, leaving 24 px for the arrow.
      const room = await page.locator('#finder-gpu').evaluate((select: HTMLSelectElement) => {
        const style = getComputedStyle(select);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const widest = Math.max(...[...select.options].map((option) => context.measureText(option.text).width));
        return select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24 - widest;
      });
      expect(room).toBeGreaterThanOrEqual(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  });
}
