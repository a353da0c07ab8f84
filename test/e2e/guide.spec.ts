import { readFileSync } from 'node:fs';
import { expect, test } from './support/site';

/** The guide's pages: each must be finished, sourced and dated. */
const GUIDE_PAGES = [
  'start-here/', 'model-types/', 'foundation-vs-fine-tuned/', 'use-cases/', 'open/what-open-means/', 'open/why-open/',
  'open/specialized-vs-general/', 'open/ethics/', 'models/profiles/', 'models/shortlist/', 'models/where-to-compare/', 'deploying/',
  'reference/glossary/', 'reference/faq/', 'reference/myths/', 'calculators/memory/', 'calculators/cost/',
  'model-types/reasoning/', 'architectures/', 'running-locally/', 'open/rules/',
];

for (const path of GUIDE_PAGES) {
  test(`guide page /${path} is written, dated and sourced`, () => {
    const html = readFileSync(`dist/${path}index.html`, 'utf8');
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main.includes('Being written'), 'still a placeholder').toBe(false);
    expect(/Last reviewed:[\s\S]{0,200}2026/.test(main), 'a "Last reviewed" date').toBe(true);
    const sourcesAt = main.search(/<h2[^>]*id="sources"/);
    expect(sourcesAt, 'a Sources heading').toBeGreaterThan(0);
    const links = [...main.slice(sourcesAt).matchAll(/href="(https?:\/\/[^"]+)"/g)];
    expect(links.length, 'external links under Sources').toBeGreaterThan(0);
  });
}

test('the model-types page links the live demo', () => {
  const html = readFileSync('dist/model-types/index.html', 'utf8');
  expect(html).toMatch(/href="\.\.\/demo\/"/);
});
