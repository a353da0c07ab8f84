import { describe, expect, it } from 'vitest';
import { findModels, type FinderQuery } from '../../src/lib/catalog/finder';
import { licenseMeets, opennessMeets, opennessTier } from '../../src/lib/catalog/labels';
import { NO_FILTERS, filterRows, sortRows, toModelRow } from '../../src/lib/catalog/table';
import { TASKS, taskById } from '../../src/lib/catalog/tasks';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { DECODE_CALIBRATION } from '../../src/lib/runtime/decode-measurements';
import { loadGpus, loadModels } from './support/catalog';
import { summarize } from '../../src/lib/architecture/summary';

const models = loadModels().map(({ model }) => model);
const gpus = new Map(toGpuSpecs(loadGpus().map(({ gpu }) => gpu)).map((gpu) => [gpu.id, gpu]));
const on = (id: string) => ({ gpu: gpus.get(id)!, count: 1, speedKnown: true });
const byId = (id: string) => models.find((model) => model.id === id)!;
const query = (overrides: Partial<FinderQuery> = {}): FinderQuery => ({
  task: taskById('chat')!,
  hardware: on('rtx-4090'),
  license: 'any',
  openness: 'any',
  contextTokens: 8192,
  sort: 'best',
  ...overrides,
});

describe('model finder', () => {
  it('covers the ten tasks of the guide, easiest first', () => {
    expect(TASKS.map((task) => task.id)).toEqual([
      'classification', 'conversion', 'completion', 'chat', 'rag', 'code', 'structured-output', 'tool-use', 'agents', 'multimodal',
    ]);
  });

  it('ranks models that meet every need above those that miss one', () => {
    const results = findModels(models, query(), DECODE_CALIBRATION);
    const firstMiss = results.findIndex((result) => !result.recommended);
    expect(firstMiss).toBeGreaterThan(0);
    expect(results.slice(firstMiss).every((result) => !result.recommended)).toBe(true);
  });

  it('rules out models that do not fit in memory, saying how much they need', () => {
    const results = findModels(models, query(), DECODE_CALIBRATION);
    const deepseek = results.find((result) => result.model.id === 'deepseek-v3')!;
    expect(deepseek.recommended).toBe(false);
    expect(deepseek.reasons.some((reason) => !reason.ok && /^Even at 4-bit it needs about [\d.,]+ GiB of 24 GiB\.$/.test(reason.text))).toBe(true);
  });

  it('picks the highest-precision format that fits', () => {
    const onSmallGpu = findModels(models, query({ hardware: on('rtx-3060-12gb') }), DECODE_CALIBRATION);
    const llama8 = onSmallGpu.find((result) => result.model.id === 'llama-3.1-8b')!;
    expect(llama8.precision).toBe('q8_0');
    const onBigGpu = findModels(models, query({ hardware: on('h100-sxm') }), DECODE_CALIBRATION);
    expect(onBigGpu.find((result) => result.model.id === 'llama-3.1-8b')!.precision).toBe('bf16');
  });

  it('sends base models with an instruct sibling to that sibling for chat, and rules out code-only kinds', () => {
    const results = findModels(models, query(), DECODE_CALIBRATION);
    const llama = results.find((result) => result.model.id === 'llama-3.1-8b')!;
    expect(llama.reasons[0]!.text).toMatch(/instruction-tuned variant, Llama 3\.1 8B Instruct/);
    const falcon = results.find((result) => result.model.id === 'falcon-40b')!;
    expect(falcon.recommended).toBe(false);
  });

  it('applies licence and openness needs', () => {
    const osi = findModels(models, query({ license: 'osi' }), DECODE_CALIBRATION).filter((result) => result.recommended);
    expect(osi.length).toBeGreaterThan(0);
    expect(osi.every((result) => result.model.license.osiApproved)).toBe(true);
    const fullyOpen = findModels(models, query({ task: taskById('completion')!, openness: 'fully-open', contextTokens: 2048 }), DECODE_CALIBRATION).filter((result) => result.recommended);
    expect(fullyOpen.map((result) => result.model.id)).toContain('olmo-7b');
    expect(fullyOpen.every((result) => opennessTier(result.model.openness) === 'fully-open')).toBe(true);
  });

  it('rules out models whose context is too short', () => {
    const results = findModels(models, query({ contextTokens: 100_000 }), DECODE_CALIBRATION);
    expect(results.find((result) => result.model.id === 'llama-2-7b')!.recommended).toBe(false);
  });

  it('recommends nothing for images while the catalog is text-only', () => {
    expect(findModels(models, query({ task: taskById('multimodal')! }), DECODE_CALIBRATION).some((result) => result.recommended)).toBe(false);
  });

  it('puts models large enough for the task first, then current ones, then newer, then larger ones', () => {
    const task = taskById('chat')!;
    const recommended = findModels(models, query(), DECODE_CALIBRATION).filter((result) => result.recommended).map((result) => result.model);
    const newest = Math.max(...models.map((model) => Number(model.released.slice(0, 4))));
    const month = (released: string) => Number(released.slice(0, 4)) * 12 + Number(released.slice(5, 7));
    const key = (model: (typeof recommended)[number]) => [
      model.parameters >= task.minParameters ? 1 : 0,
      Number(model.released.slice(0, 4)) > newest - 2 ? 1 : 0,
      month(model.released),
      model.parameters,
    ];
    for (let index = 1; index < recommended.length; index += 1) {
      const [previous, current] = [key(recommended[index - 1]!), key(recommended[index]!)];
      const firstDifference = previous.findIndex((value, position) => value !== current[position]);
      if (firstDifference >= 0) expect(previous[firstDifference]!).toBeGreaterThan(current[firstDifference]!);
    }
  });
});

describe('licence needs', () => {
  it('treats restricted commercial use as commercial use, but not as OSI-approved', () => {
    const llama = models.find((model) => model.id === 'llama-2-7b')!.license;
    expect(licenseMeets(llama, 'commercial')).toBe(true);
    expect(licenseMeets(llama, 'osi')).toBe(false);
    const chatdoctor = models.find((model) => model.id === 'chatdoctor')!.license;
    expect(licenseMeets(chatdoctor, 'commercial')).toBe(false);
  });
});

describe('model table', () => {
  const rows = models.map((model) => ({ ...toModelRow(model), gpuCount: null }));

  it('sorts by size both ways', () => {
    const ascending = sortRows(rows, 'parameters', 'ascending').map((row) => row.parameters);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    const descending = sortRows(rows, 'parameters', 'descending').map((row) => row.parameters);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBe(Math.max(...rows.map((row) => row.parameters)));
  });

  it('filters by text, kind, licence, openness and attention together', () => {
    expect(filterRows(rows, { ...NO_FILTERS, text: 'llama 70' }).map((row) => row.id).sort()).toEqual(['codellama-70b', 'llama-2-70b', 'llama-3.1-70b']);
    const code = filterRows(rows, { ...NO_FILTERS, kind: 'code' });
    expect(code.map((row) => row.id)).toContain('codellama-7b');
    expect(code.filter((row) => row.kind !== 'code')).toEqual([]);
    expect(code.length).toBe(rows.filter((row) => row.kind === 'code').length);
    const latent = filterRows(rows, { ...NO_FILTERS, attention: 'mla' }).map((row) => row.id);
    expect(latent).toContain('deepseek-v3');
    expect(latent).not.toContain('llama-3.1-8b');
    expect(latent.length).toBe(rows.filter((row) => summarize(byId(row.id).architecture).latent).length);
    const fullyOpen = filterRows(rows, { ...NO_FILTERS, openness: 'fully-open' }).map((row) => row.id);
    expect(fullyOpen).toContain('olmo-7b');
    expect(fullyOpen).not.toContain('mistral-7b-v0.1');
    expect(filterRows(rows, { ...NO_FILTERS, license: 'osi', text: 'llama 2' })).toEqual([]);
  });

  it('gives dense models their full size as active parameters', () => {
    const mistral = rows.find((row) => row.id === 'mistral-7b-v0.1')!;
    expect(mistral.activeParameters).toBe(mistral.parameters);
    const mixtral = rows.find((row) => row.id === 'mixtral-8x7b-v0.1')!;
    expect(mixtral.activeParameters).toBeLessThan(mixtral.parameters / 3);
  });
});

describe('openness needs', () => {
  it.each([
    ['fully-open', 'any', true],
    ['closed', 'any', true],
    ['fully-open', 'open-weights', true],
    ['open-weights', 'open-weights', true],
    ['gated-weights', 'open-weights', false],
    ['closed', 'open-weights', false],
    ['fully-open', 'fully-open', true],
    ['open-weights', 'fully-open', false],
    ['gated-weights', 'fully-open', false],
  ] as const)('%s meets "%s": %s', (tier, need, meets) => {
    expect(opennessMeets(tier, need)).toBe(meets);
  });
});

describe('model finder in late 2026', () => {
  it('answers "code, commercial use, fits 24 GB" with a current code model first', () => {
    const results = findModels(models, query({ task: taskById('code')!, license: 'commercial' }), DECODE_CALIBRATION);
    const first = results[0]!;
    expect(first.recommended).toBe(true);
    expect(first.model.kind).toBe('code');
    const newest = Math.max(...models.map((model) => Number(model.released.slice(0, 4))));
    expect(Number(first.model.released.slice(0, 4))).toBeGreaterThan(newest - 2);
    // Code Llama (2023) is a code model too, but not a current one: current generalists come first.
    const codeLlama = results.findIndex((result) => result.model.id.startsWith('codellama'));
    const currentGeneralist = results.findIndex((result) => result.model.kind !== 'code' && Number(result.model.released.slice(0, 4)) > newest - 2 && result.recommended);
    expect(currentGeneralist).toBeGreaterThan(0);
    expect(codeLlama).toBeGreaterThan(currentGeneralist);
  });

  it('ranks the newer of two current specialists first', () => {
    const results = findModels(models, query({ task: taskById('code')!, license: 'commercial' }), DECODE_CALIBRATION);
    const specialists = results.filter((result) => result.recommended && result.model.kind === 'code' && Number(result.model.released.slice(0, 4)) >= 2025);
    const months = specialists.map((result) => result.model.released);
    expect(months).toEqual([...months].sort().reverse());
  });
});
