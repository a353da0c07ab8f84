import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gpuSchema, modelSchema, type Gpu, type Model } from '../../../src/lib/catalog/schema';

function readJsonDir(dir: string): Array<{ file: string; data: unknown }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: name, data: JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown }));
}

/** The catalog as the build sees it: every file parsed with its schema (throws on a bad entry). */
export function loadModels(): Array<{ file: string; model: Model }> {
  return readJsonDir('content/models').map(({ file, data }) => ({ file, model: modelSchema.parse(data) }));
}

export function loadGpus(): Array<{ file: string; gpu: Gpu }> {
  return readJsonDir('content/gpus').map(({ file, data }) => ({ file, gpu: gpuSchema.parse(data) }));
}

export function rawModel(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join('content/models', `${id}.json`), 'utf8')) as Record<string, unknown>;
}
