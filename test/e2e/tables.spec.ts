import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtPages, expect, test } from './support/site';
import { expectNoPageOverflow } from './support/tables';

// Every built page with a sideways-scrolling table: guide pages (wrapped by src/integrations/scroll-tables.ts), the
// GPU list and the model table.
const pagesWithTables = builtPages().filter((path) => readFileSync(join('dist', path, 'index.html'), 'utf8').includes('table-scroll'));

test('the guide has wide tables to check', () => {
  expect(pagesWithTables.length).toBeGreaterThanOrEqual(8);
  expect(pagesWithTables).toContain('gpus/');
  expect(pagesWithTables).toContain('models/');
});

for (const width of [390, 1280]) {
  test.describe(`tables at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    for (const path of pagesWithTables) {
      test(`/${path}: the page does not scroll sideways, no cell cuts its own text, a table wider than its box says so`, async ({ page }) => {
        await page.goto(path);
        await expectNoPageOverflow(page);
        const report = await page.evaluate(() => {
          const boxes = [...document.querySelectorAll<HTMLElement>('.table-scroll')];
          return {
            boxes: boxes.length,
            // A cell whose content is wider than the cell itself is text cut off where no scrolling reaches it.
            cutCells: [...document.querySelectorAll<HTMLElement>('.table-scroll :is(th, td)')]
              .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
              .map((cell) => cell.textContent!.trim().slice(0, 40)),
            // Every box that scrolls paints the edge shade (theme.css), so a cell cut at its edge reads as "more".
            unshaded: boxes
              .filter((box) => box.scrollWidth > box.clientWidth + 1 && !getComputedStyle(box).backgroundImage.includes('gradient'))
              .map((box) => box.getAttribute('aria-label')),
            unfocusable: boxes.filter((box) => box.scrollWidth > box.clientWidth + 1 && box.tabIndex !== 0).map((box) => box.getAttribute('aria-label')),
          };
        });
        expect(report.boxes).toBeGreaterThan(0);
        expect(report.cutCells).toEqual([]);
        expect(report.unshaded).toEqual([]);
        expect(report.unfocusable).toEqual([]);
      });
    }
  });
}
