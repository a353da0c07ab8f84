import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBudgets, type ChunkInfo } from '../../src/integrations/budgets';

const ROOT = '/project/';

/** A built site: pages and chunk files, plus what the client build recorded about each chunk. */
function site(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'budgets-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Text that gzip cannot shrink much, so sizes in the tests mean what they say. */
function incompressible(bytes: number): string {
  let state = 7;
  return Array.from({ length: bytes }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return String.fromCharCode(33 + (state % 90));
  }).join('');
}

const chunks = new Map<string, ChunkInfo>([
  ['_astro/search.js', { modules: ['/project/node_modules/@astrojs/starlight/components/Search.astro?astro&type=script'], imports: [] }],
  ['_astro/mine.js', { modules: ['/project/src/scripts/mine.ts'], imports: [] }],
  ['_astro/client.js', { modules: ['/project/node_modules/@astrojs/preact/dist/client.js'], imports: ['_astro/preact.js'] }],
  ['_astro/preact.js', { modules: ['/project/node_modules/preact/dist/preact.module.js'], imports: [] }],
  ['_astro/Calc.abc123.js', { modules: ['/project/src/islands/Calc.tsx'], imports: ['_astro/engine.js', '_astro/preact.js'] }],
  ['_astro/engine.js', { modules: ['/project/src/lib/engine.ts'], imports: [] }],
  ['_astro/Demo.def456.js', { modules: ['/project/src/islands/Demo.tsx'], imports: ['_astro/runtime.js'] }],
  ['_astro/runtime.js', { modules: ['/project/node_modules/@huggingface/transformers/dist/transformers.web.js'], imports: [] }],
]);

const island = (name: string, file: string) => `<astro-island component-url="/${file}" renderer-url="/_astro/client.js"></astro-island>`;

describe('JavaScript budgets', () => {
  const dir = site({
    '_astro/search.js': 'x',
    '_astro/mine.js': 'x',
    '_astro/client.js': incompressible(20_000),
    '_astro/preact.js': incompressible(20_000),
    '_astro/Calc.abc123.js': incompressible(3_000),
    '_astro/engine.js': incompressible(3_000),
    '_astro/Demo.def456.js': 'x',
    '_astro/runtime.js': 'x',
    'index.html': '<script type="module" src="/_astro/search.js"></script>',
    'guide/index.html': '<script type="module" src="/_astro/search.js"></script><script type="module" src="/_astro/mine.js"></script>',
    'calc/index.html': island('Calc', '_astro/Calc.abc123.js'),
    'demo/index.html': island('Demo', '_astro/Demo.def456.js'),
  });

  it("lets content pages ship the docs shell's scripts but not the site's own", () => {
    const report = checkBudgets(dir, '/', ROOT, chunks, [
      { island: 'Calc', maxGzipBytes: 100_000 },
      { island: 'Demo', maxGzipBytes: 100_000 },
    ]);
    expect(report.problems).toEqual([expect.stringMatching(/^\/guide\/index\.html: the script _astro\/mine\.js carries the site's own code/)]);
  });

  it("counts an island's own chunks but not the renderer every island shares", () => {
    const report = checkBudgets(dir, '/', ROOT, chunks, [
      { island: 'Calc', maxGzipBytes: 4_000 },
      { island: 'Demo', maxGzipBytes: 100_000 },
    ]);
    const calc = report.islands.find((entry) => entry.island === 'Calc')!;
    // Two chunks of 3,000 hard-to-compress characters: over 10 KB gzipped if the renderer's chunks were counted too.
    expect(calc.gzipBytes).toBeGreaterThan(4_000);
    expect(calc.gzipBytes).toBeLessThan(5_000);
    expect(report.problems).toContainEqual(expect.stringMatching(/the island Calc is 4\.\d KB gzipped, over its 3\.9 KB budget/));
  });

  it('flags a module an island may only load on request, and an island without a budget', () => {
    const report = checkBudgets(dir, '/', ROOT, chunks, [
      { island: 'Demo', maxGzipBytes: 100_000, onlyOnRequest: ['@huggingface/transformers'] },
    ]);
    expect(report.problems).toContainEqual('/demo/index.html: the island Demo loads @huggingface/transformers before it is asked to (in _astro/runtime.js)');
    expect(report.problems).toContainEqual('/calc/index.html: the island Calc has no budget; add one in astro.config.mjs');
  });

  it('reads asset URLs under a base path', () => {
    const based = site({
      '_astro/Calc.abc123.js': incompressible(3_000),
      '_astro/engine.js': incompressible(3_000),
      '_astro/preact.js': 'x',
      '_astro/client.js': 'x',
      'index.html': '<astro-island component-url="/docs/_astro/Calc.abc123.js" renderer-url="/docs/_astro/client.js"></astro-island>',
    });
    const report = checkBudgets(based, '/docs/', ROOT, chunks, [{ island: 'Calc', maxGzipBytes: 100_000 }]);
    expect(report.problems).toEqual([]);
    expect(report.islands[0]!.gzipBytes).toBeGreaterThan(4_000);
  });
});
