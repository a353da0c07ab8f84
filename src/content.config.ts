import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

// Guide pages live in content/docs/ at the top level (not src/content/), so the docs collection is declared with
// Astro's glob loader pointed there; Starlight only needs a collection named `docs` with its schema.
const docs = defineCollection({
  loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content/docs' }),
  schema: docsSchema(),
});

export const collections = { docs };
