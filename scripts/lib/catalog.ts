// Reads the catalogs from content/ with the same schemas the site build uses (Node only: the command line and
// the unit tests; the site reads them through Astro's content collections).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gpuSchema, modelSchema, type Gpu, type Model } from '../../src/lib/catalog/schema';
import { parseWithFriendlyErrors } from '../../src/lib/content/friendly-errors';
import { assertUniqueIds } from '../../src/lib/content/integrity';

const contentDir = fileURLToPath(new URL('../../content/', import.meta.url));

function readJsonDir(dir: string): Array<{ file: string; data: unknown }> {
  const path = join(contentDir, dir);
  return readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: name, data: JSON.parse(readFileSync(join(path, name), 'utf8')) as unknown }));
}

/** Every model file parsed with its schema (throws on a bad entry). */
export function loadModels(): Array<{ file: string; model: Model }> {
  const models = readJsonDir('models').map(({ file, data }) => ({ file, model: parseWithFriendlyErrors(modelSchema, data, `content/models/${file}`) }));
  assertUniqueIds(models.map(({ file, model }) => ({ file: `content/models/${file}`, id: model.id, fileId: file.replace(/\.json$/, '') })));
  return models;
}

export function loadGpus(): Array<{ file: string; gpu: Gpu }> {
  const gpus = readJsonDir('gpus').map(({ file, data }) => ({ file, gpu: parseWithFriendlyErrors(gpuSchema, data, `content/gpus/${file}`) }));
  assertUniqueIds(gpus.map(({ file, gpu }) => ({ file: `content/gpus/${file}`, id: gpu.id, fileId: file.replace(/\.json$/, '') })));
  return gpus;
}

/** A model file as written, before schema defaults are applied. */
export function rawModel(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(contentDir, 'models', `${id}.json`), 'utf8')) as Record<string, unknown>;
}
