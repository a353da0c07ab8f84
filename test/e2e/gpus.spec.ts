import { expect, seriousAxeViolations, test } from './support/site';
import { expectFirstColumnPinned, expectNoPageOverflow } from './support/tables';

test('a GPU page lists its specifications and how many GPUs each model needs', async ({ page }) => {
  await page.goto('gpus/');
  await page.getByRole('link', { name: 'NVIDIA H100 SXM' }).click();
  await expect(page.locator('h1')).toHaveText('NVIDIA H100 SXM');
  await expect(page.getByRole('row', { name: /Memory bandwidth/ })).toContainText('GB/s');
  const llama70 = page.getByRole('row', { name: /^Llama 3\.1 70B/ });
  await expect(llama70.getByRole('cell').nth(0)).toHaveText('2');
  await expect(llama70.getByRole('cell').nth(2)).toHaveText('✓ 1');
  await llama70.getByRole('link').click();
  await expect(page).toHaveURL(/model=llama-3\.1-70b&gpu=h100-sxm/);
});

test('the GPU table writes memory as the card is sold, memory first after the name', async ({ page }) => {
  await page.goto('gpus/');
  const table = page.locator('.gpu-table');
  await expect(table.locator('thead th')).toHaveText(['GPU', 'Memory', 'Bandwidth (GB/s)', 'FP16/BF16 dense (TFLOPS)', 'FP8 dense (TFLOPS)', 'Kind']);
  // 24 × 2^30 bytes in content/gpus/rtx-4090.json: sold as 24 GB.
  const rtx4090 = table.getByRole('row', { name: /^NVIDIA GeForce RTX 4090\b/ });
  await expect(rtx4090.getByRole('cell').nth(0)).toHaveText('24 GB');
  // 80 × 2^30 bytes: 80 GB, not "85.9 GB" or "80 GiB".
  await expect(table.getByRole('row', { name: /^NVIDIA H100 SXM\b/ }).getByRole('cell').nth(0)).toHaveText('80 GB');
  for (const cell of await table.locator('tbody tr > :nth-child(2)').allTextContents()) expect(cell).toMatch(/^[\d,.]+ GB$/);
});

for (const width of [390, 1280]) {
  test.describe(`GPU table at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    for (const theme of ['light', 'dark']) {
      test(`${theme}: no sideways page scroll, the name column stays put, axe clean`, async ({ page }) => {
        await page.addInitScript((chosen) => localStorage.setItem('starlight-theme', chosen), theme);
        await page.goto('gpus/');
        await expectNoPageOverflow(page);
        const scroller = page.locator('.gpu-table');
        if (width === 390) await expectFirstColumnPinned(scroller);
        else expect(await scroller.evaluate((element) => element.scrollWidth <= element.clientWidth + 1), 'fits without scrolling at 1280 px').toBe(true);
        await expectNoPageOverflow(page);
        expect(await seriousAxeViolations(page)).toEqual([]);
      });
    }
  });
}
