import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { gpuSchema, modelSchema } from './lib/catalog/schema';

// Guide pages live in content/docs/ at the top level (not src/content/), so the docs collection is declared with
// Astro's glob loader pointed there; Starlight only needs a collection named `docs` with its schema.
const docs = defineCollection({
  loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/docs' }),
  schema: docsSchema(),
});

// One JSON file per model and per accelerator; the file name is the entry's id.
const models = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/models' }),
  schema: modelSchema,
});

const gpus = defineCollection({
  loader: glob({ pattern: '*.json', base: './content/gpus' }),
  schema: gpuSchema,
});

export const collections = { docs, models, gpus };
