// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import linkCheck from './src/integrations/link-check';
import csp from './src/integrations/csp';
import budgets from './src/integrations/budgets';
import { satteri } from '@astrojs/markdown-satteri';
import scrollTables from './src/integrations/scroll-tables';
import { rmSync } from 'node:fs';

// Astro keeps parsed content between builds and re-parses an entry only when its file changes. Catalog entries are
// parsed through code (src/lib/catalog/schema.ts derives each model's architecture from its config), so a build
// starts from a clean store; the catalog is small enough that this costs well under a second.
if (process.argv.includes('build')) rmSync('node_modules/.astro/data-store.json', { force: true });

// SITE_URL and BASE_PATH are set at deploy time (see README). Without SITE_URL the build has no origin to write,
// so pages get no canonical link or og:url and there is no sitemap (rather than ones naming a placeholder host);
// a production build says so loudly.
const site = process.env.SITE_URL || undefined;
const base = process.env.BASE_PATH || '/';
if (!site && process.argv.includes('build')) {
  console.warn(
    '\n  WARNING: SITE_URL is not set. This build has no canonical links, no og:url and no sitemap.\n' +
      '  For a deployment, set it to the public origin, e.g. SITE_URL=https://guide.example.org npm run build\n',
  );
}

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  markdown: { processor: satteri({ hastPlugins: [scrollTables] }) },
  // A Content-Security-Policy in every page (Astro hashes the inline scripts and styles it emits): this site's own
  // files only. Search (Pagefind) compiles WebAssembly, hence 'wasm-unsafe-eval'. Components set sizes and colours
  // through style attributes, which style-src-attr allows. The demo page alone gets more (workers, and the Hugging
  // Face Hub unless DEMO_MODEL_SOURCE=local): src/integrations/csp.ts adds it after the build, and writes the
  // policies to dist/_headers for hosts that read that file.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  integrations: [
    starlight({
      title: 'Open LLM Guide',
      description:
        'How to choose an open-source large language model, with a GPU memory calculator, a cost calculator and a live in-browser demo.',
      logo: { src: './src/assets/logo.svg', alt: '' },
      favicon: '/favicon.svg',
      customCss: ['./src/styles/theme.css', './src/styles/tools.css'],
      lastUpdated: false,
      // Adds a site menu to pages without the sidebar (home, tools); see the file for why.
      components: { Header: './src/components/overrides/Header.astro' },
      pagination: true,
      // src/pages/404.astro replaces Starlight's not-found page, so its link home can carry the base path.
      disable404Route: true,
      // The guide lives outside src/content/docs, so Starlight is told where to apply its Markdown transforms
      // (asides, heading anchor links).
      markdown: { processedDirs: ['./content/docs'] },
      sidebar: [
        { label: 'Start here', link: '/start-here/' },
        { label: 'Model types', link: '/model-types/' },
        { label: 'Reasoning models', link: '/model-types/reasoning/' },
        { label: 'Architectures you will meet', link: '/architectures/' },
        { label: 'Foundation vs fine-tuned', link: '/foundation-vs-fine-tuned/' },
        { label: 'Use cases', link: '/use-cases/' },
        {
          label: 'Open models',
          items: [
            { label: 'What “open” means', link: '/open/what-open-means/' },
            { label: 'Why open, and when closed wins', link: '/open/why-open/' },
            { label: 'Specialized vs general-purpose', link: '/open/specialized-vs-general/' },
            { label: 'Ethics and safety', link: '/open/ethics/' },
            { label: 'Rules that now apply', link: '/open/rules/' },
          ],
        },
        {
          label: 'Model catalog',
          items: [
            { label: 'All models', link: '/models/' },
            { label: 'Shortlist', link: '/models/shortlist/' },
            { label: 'GPUs', link: '/gpus/' },
            { label: 'Model profiles', link: '/models/profiles/' },
            { label: 'Where to compare', link: '/models/where-to-compare/' },
          ],
        },
        { label: 'Running models locally', link: '/running-locally/' },
        { label: 'Deploying', link: '/deploying/' },
        {
          label: 'Tools',
          items: [
            { label: 'Model finder', link: '/finder/' },
            { label: 'Memory calculator', link: '/calculators/memory/' },
            { label: 'Cost calculator', link: '/calculators/cost/' },
            { label: 'Demo: base vs instruct', link: '/demo/' },
          ],
        },
        {
          label: 'Reference',
          items: [
            { label: 'Glossary', link: '/reference/glossary/' },
            { label: 'FAQ', link: '/reference/faq/' },
            { label: 'Myths, corrected', link: '/reference/myths/' },
          ],
        },
      ],
    }),
    preact(),
    linkCheck(),
    csp({ demoModelSource: process.env.DEMO_MODEL_SOURCE === 'local' ? 'local' : 'hub' }),
    // Gzipped JavaScript each island may ship (its own chunks, less the Preact renderer all islands share). Pages
    // without islands may ship only the docs shell's scripts; the build fails otherwise.
    budgets([
      // Raised from 25 KB (2026-12): the engine now models three runtimes (GGUF per-tensor types, each runtime's
      // cache, buffers, placement and offload) and architectures as lists of layer kinds; about 29 KB gzipped.
      // The config.json adapters (any Hugging Face model) load when a reader asks for one, not with the page.
      // Raised from 34 KB (2026-12, tools as apps): committed input, Copy link, the phone summary bar and keeping
      // the result in view added about 0.6 KB, which left the island 0.4 KB over.
      // Raised from 36 KB (2026-12): whether compared configurations fit on the same GPUs together (several models
      // on one GPU, lib/memory/together.ts) left it 0.1 KB over; loading the comparison on request split shared
      // code into more chunks and weighed more, not less.
      { island: 'MemoryCalculator', maxGzipBytes: 37 * 1024, onlyOnRequest: ['/src/lib/architecture/config/', '/src/lib/architecture/hub'] },
      { island: 'CostCalculator', maxGzipBytes: 34 * 1024 },
      // Raised from 20 KB (2026-12): it sizes every model with the same runtime-aware engine; about 20 KB gzipped.
      // Raised from 22 KB (2026-12, finder page): it now places each model on one to eight GPUs with the memory
      // engine's placement, estimates its decode speed from the published runs, and reads its fields (from the
      // page and its address) with the site's shared field reader; 24.0 KB gzipped.
      // Raised from 26 KB (2026-12): reading and writing the address moved into one hook the four tools share
      // (islands/shared/address.ts), which goes live without a second render; its own chunk costs 0.3 KB.
      { island: 'ModelFinder', maxGzipBytes: 27 * 1024 },
      { island: 'ModelTable', maxGzipBytes: 10 * 1024 },
      // The model runtime (Transformers.js, ONNX Runtime) loads in a worker after "Load models", never before.
      { island: 'Demo', maxGzipBytes: 12 * 1024, onlyOnRequest: ['@huggingface/transformers', 'onnxruntime', '/src/demo/worker'] },
    ]),
  ],
});
