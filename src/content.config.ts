import { defineCollection } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { gpuSchema, modelSchema } from './lib/catalog/schema';
import { apiPriceSchema, gpuHourPriceSchema } from './lib/cost/schema';

// Guide pages live in content/docs/ at the top level (not src/content/), so the docs collection is declared with
// Astro's glob loader pointed there; Starlight only needs a collection named `docs` with its schema.
const docs = defineCollection({
  loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/docs' }),
  schema: docsSchema(),
});

// Overrides of Starlight's interface strings (the footer says "Last reviewed" rather than "Last updated"). Starlight
// looks these up by their path under src/content/i18n/, so they stay where its loader expects them.
const i18n = defineCollection({ loader: i18nLoader(), schema: i18nSchema() });

// One JSON file per model and per accelerator; the file name is the entry's id, kept as written (the default
// would slugify "llama-3.1-8b" into "llama-31-8b", and other pages and the calculators link by these ids).
const idFromFileName = ({ entry }: { entry: string }) => entry.replace(/\.json$/, '');

const models = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/models', generateId: idFromFileName }),
  schema: modelSchema,
});

const gpus = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/gpus', generateId: idFromFileName }),
  schema: gpuSchema,
});

// Dated prices, one list per kind, each entry with its source.
const apiPrices = defineCollection({ loader: file('./content/prices/api.json'), schema: apiPriceSchema });
const gpuHourPrices = defineCollection({ loader: file('./content/prices/gpu-hours.json'), schema: gpuHourPriceSchema });

export const collections = { docs, i18n, models, gpus, apiPrices, gpuHourPrices };
