import { expect, type Locator, type Page } from '@playwright/test';

/** The page itself never scrolls sideways: wide tables scroll inside their own box. */
export async function expectNoPageOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, 'the page is wider than the window').toBeLessThanOrEqual(innerWidth);
}

/**
 * Scrolls a table's box sideways and checks that the first column stayed at the box's left edge (sticky) while the
 * second column moved under it. Returns how far the box scrolled.
 */
export async function expectFirstColumnPinned(scroller: Locator): Promise<number> {
  await scroller.scrollIntoViewIfNeeded();
  const firstCell = scroller.locator('tbody tr').first().locator('th, td').first();
  const secondCell = scroller.locator('tbody tr').first().locator('th, td').nth(1);
  const before = (await secondCell.boundingBox())!;
  const scrolled = await scroller.evaluate((element) => {
    element.scrollLeft = 200;
    return element.scrollLeft;
  });
  expect(scrolled, 'the table is wider than its box, so it scrolls').toBeGreaterThan(0);
  await expect
    .poll(async () => {
      const box = (await scroller.boundingBox())!;
      const cell = (await firstCell.boundingBox())!;
      // The box's own left border is at most a pixel or two wide.
      return Math.abs(cell.x - box.x) <= 2;
    })
    .toBe(true);
  const after = (await secondCell.boundingBox())!;
  expect(after.x, 'the other columns scroll').toBeLessThan(before.x - 100);
  // Opaque: the pinned cell paints the page's colour (all but its top pixel, where the row rule shows), so
  // scrolled text does not show through it.
  const paint = await firstCell.evaluate((element) => {
    const style = getComputedStyle(element);
    return { color: style.backgroundColor, image: style.backgroundImage, page: getComputedStyle(document.body).backgroundColor };
  });
  const opaqueColour = !/rgba\(0, 0, 0, 0\)|transparent/.test(paint.color);
  const opaqueImage = paint.image.includes(paint.page) && !/rgba\([^)]*, 0(\.\d+)?\)/.test(paint.image);
  expect(opaqueColour || opaqueImage, `pinned cell paint: ${JSON.stringify(paint)}`).toBe(true);
  return scrolled;
}
