import { readFileSync } from 'node:fs';
import { defineCollection } from 'astro:content';
import { file, glob, type Loader } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { gpuSchema, modelSchema } from './lib/catalog/schema';
import { apiPriceSchema, gpuHourPriceSchema } from './lib/cost/schema';
import { assertUniqueIds } from './lib/content/integrity';

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

/** A folder of one entry per file: once stored, the build stops if an entry's `id` is not its file's name. */
function folderOfEntries(folder: string): Loader {
  const loader = glob({ pattern: '*.json', base: `./${folder}`, generateId: idFromFileName });
  return {
    ...loader,
    load: async (context) => {
      await loader.load(context);
      assertUniqueIds(context.store.values().map((entry) => ({ file: `${folder}/${entry.id}.json`, id: (entry.data as { id?: unknown }).id, fileId: entry.id })));
    },
  };
}

/** A JSON list of entries: the build stops if an id repeats (Astro's file loader would keep only the last). */
function listOfEntries(path: string): Loader {
  const loader = file(`./${path}`);
  return {
    ...loader,
    load: async (context) => {
      const list = JSON.parse(readFileSync(path, 'utf8')) as Array<{ id?: unknown }>;
      assertUniqueIds(list.map((entry) => ({ file: path, id: entry.id })));
      await loader.load(context);
    },
  };
}

const models = defineCollection({ loader: folderOfEntries('content/models'), schema: modelSchema });
const gpus = defineCollection({ loader: folderOfEntries('content/gpus'), schema: gpuSchema });

// Dated prices, one list per kind, each entry with its source.
const apiPrices = defineCollection({ loader: listOfEntries('content/prices/api.json'), schema: apiPriceSchema });
const gpuHourPrices = defineCollection({ loader: listOfEntries('content/prices/gpu-hours.json'), schema: gpuHourPriceSchema });

export const collections = { docs, i18n, models, gpus, apiPrices, gpuHourPrices };
