import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import checks from '../../content/validation.json';
import { architectureFromConfig } from '../../src/lib/architecture/config';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { checkSchema } from '../../src/lib/validation/checks';
import { evaluateCheck, summarizeResults } from '../../src/lib/validation/evaluate';
import { parseWithFriendlyErrors } from '../../src/lib/content/friendly-errors';
import { loadGpus, loadModels } from './support/catalog';

const models = new Map(loadModels().map(({ model }) => [model.id, model.architecture]));
const gpus = new Map(toGpuSpecs(loadGpus().map(({ gpu }) => gpu)).map((gpu) => [gpu.id, gpu]));
const context = {
  architectureOf: (model: string) =>
    model.startsWith('config:') ? architectureFromConfig(JSON.parse(readFileSync(new URL(`../../content/validation/configs/${model.slice(7)}`, import.meta.url), 'utf8'))) : models.get(model),
  gpuOf: (id: string) => gpus.get(id),
};
const parsed = checks.map((raw, index) => parseWithFriendlyErrors(checkSchema, raw, `content/validation.json[${index}]`));
// Evaluated inside the tests, not when the file loads, so mutation testing can tell which test runs which code.
const results = () => parsed.map((check) => evaluateCheck(check, context));

describe('validation against published measurements', () => {
  it('has at least 40 checks across llama.cpp, vLLM and Transformers, each with a source and an exact setting', () => {
    expect(parsed.length).toBeGreaterThanOrEqual(40);
    for (const runtime of ['llama.cpp', 'vllm', 'transformers'] as const) {
      expect(parsed.filter((check) => check.runtime === runtime).length, runtime).toBeGreaterThanOrEqual(5);
    }
    expect(new Set(parsed.map((check) => check.id)).size).toBe(parsed.length);
    for (const kind of ['memory-log', 'file-size', 'training-peak', 'speed'] as const) expect(parsed.some((check) => check.kind === kind), kind).toBe(true);
  });

  // Each row fails if the engine drifts out of tolerance without an explanation, or if it comes back within
  // tolerance while the page still explains a miss.
  it.each(parsed.map((check) => [check.id, check] as const))('%s lands within tolerance, or its miss is explained', (_id, check) => {
    const result = evaluateCheck(check, context);
    if (result.within) expect(result.check.miss, `${result.check.id} is within tolerance: remove its miss text`).toBeUndefined();
    else expect(result.check.miss, `${result.check.id} is outside (ratio ${result.ratio.toFixed(3)}) with no explanation`).toBeTruthy();
  });

  it('checks speed against the range the other runs give, which is never wider than the range the page shows', () => {
    const speed = results().filter((result) => result.check.quantity === 'decodeTokensPerSecond' && result.check.calibrationId);
    expect(speed.length).toBeGreaterThanOrEqual(20);
    for (const { range, statedRange, check } of speed) {
      if (!range || !statedRange) continue;
      expect(range.low, check.id).toBeGreaterThanOrEqual(statedRange.low - 1e-9);
      expect(range.high, check.id).toBeLessThanOrEqual(statedRange.high + 1e-9);
    }
  });

  it('sums what the page reports', () => {
    const all = results();
    const summary = summarizeResults(all);
    expect(summary.total).toBe(all.length);
    expect(summary.within).toBe(all.filter((result) => result.within).length);
    expect(Object.values(summary.byKind).reduce((sum, part) => sum + part!.total, 0)).toBe(all.length);
    // Every run is inside the range the page shows (the range includes it), so the stated count is never lower.
    expect(summary.withinStated).toBeGreaterThanOrEqual(summary.within);
  });
});
