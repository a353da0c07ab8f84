import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiPriceSchema, gpuHourPriceSchema } from '../../src/lib/cost/schema';
import { COST_DEFAULTS, parseCostRequest, type RawCostRequest } from '../../src/lib/cost/request';
import { answerCostRequest } from '../../src/lib/cost/answer';
import { loadGpus, loadModels } from './support/catalog';

const apiPrices = (JSON.parse(readFileSync('content/prices/api.json', 'utf8')) as unknown[]).map((entry) => apiPriceSchema.parse(entry));
const gpuHourPrices = (JSON.parse(readFileSync('content/prices/gpu-hours.json', 'utf8')) as unknown[]).map((entry) => gpuHourPriceSchema.parse(entry));
const models = loadModels().map(({ model }) => model);
const gpus = loadGpus().map(({ gpu }) => gpu);
const catalog = { models, gpus, apiPrices, gpuHourPrices };

describe('price lists', () => {
  it('use unique ids and point only at catalog models and GPUs', () => {
    for (const list of [apiPrices, gpuHourPrices]) expect(new Set(list.map((entry) => entry.id)).size).toBe(list.length);
    const modelIds = new Set(models.map((model) => model.id));
    for (const price of apiPrices) if (price.catalogModel) expect(modelIds.has(price.catalogModel), price.id).toBe(true);
    const gpuIds = new Set(gpus.map((gpu) => gpu.id));
    for (const price of gpuHourPrices) expect(gpuIds.has(price.gpu), price.id).toBe(true);
  });

  it('list the APIs the page starts with', () => {
    for (const slot of ['api1', 'api2', 'api3'] as const) expect(apiPrices.some((price) => price.id === COST_DEFAULTS[slot])).toBe(true);
  });
});

describe('cost request', () => {
  const errorsOf = (raw: RawCostRequest) => {
    const result = parseCostRequest(raw, catalog);
    return result.ok ? [] : result.errors.map((error) => `${error.field}: ${error.message}`);
  };

  it('accepts the defaults and starts from the cheapest listed on-demand price', () => {
    const result = parseCostRequest(COST_DEFAULTS, catalog);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const l4 = gpuHourPrices.filter((price) => price.gpu === 'l4' && price.pricing === 'on-demand').map((price) => price.usdPerGpuHour);
    expect(result.request.usdPerGpuHour).toBe(Math.min(...l4));
  });

  it('lets the reader replace any price, and a cleared box goes back to the listed one', () => {
    const typed = parseCostRequest({ ...COST_DEFAULTS, 'api1-in': '9', 'gpu-price': '1.25' }, catalog);
    expect(typed.ok && typed.request.apis[0]!.inputUsdPerMillion).toBe(9);
    expect(typed.ok && typed.request.usdPerGpuHour).toBe(1.25);
    const cleared = parseCostRequest({ ...COST_DEFAULTS, 'api1-in': '' }, catalog);
    expect(cleared.ok && cleared.request.apis[0]!.inputUsdPerMillion).toBe(apiPrices.find((price) => price.id === COST_DEFAULTS.api1)!.inputUsdPerMillion);
  });

  it('names the field and the allowed range for bad input', () => {
    expect(errorsOf({ ...COST_DEFAULTS, requests: '-3' })).toEqual(['requests: requests must be a number from 0 to 10,000,000,000, got "-3"']);
    expect(errorsOf({ ...COST_DEFAULTS, output: '0' })[0]).toMatch(/^output: output must be a whole number from 1/);
    expect(errorsOf({ ...COST_DEFAULTS, util: '150' })[0]).toMatch(/^util: util must be a number from 1 to 100 %/);
    expect(errorsOf({ ...COST_DEFAULTS, 'gpu-price': 'free' })[0]).toMatch(/^gpu-price:/);
    expect(errorsOf({ ...COST_DEFAULTS, api2: 'nope' })[0]).toMatch(/^api2: api2 must be a listed API price id/);
  });

  it('answers with a self-hosted staircase that costs whole replicas', () => {
    const result = parseCostRequest({ ...COST_DEFAULTS, requests: '1000000' }, catalog);
    if (!result.ok) throw new Error('defaults should parse');
    const answer = answerCostRequest(result.request, catalog, 0.68);
    expect(answer.selfHosted!.replicas).toBeGreaterThan(1);
    expect(answer.selfHosted!.monthlyUsd).toBeCloseTo(answer.selfHosted!.replicas * answer.selfHosted!.replicaMonthlyUsd, 6);
    for (const row of answer.apis) expect(Number.isFinite(row.monthlyUsd)).toBe(true);
  });

  it('refuses replicas larger than one eight-GPU server, saying how many GPUs it would take', () => {
    const result = parseCostRequest({ ...COST_DEFAULTS, model: 'deepseek-v3', precision: 'bf16', gpu: 't4', 'gpu-price': '0.5' }, catalog);
    if (!result.ok) throw new Error('should parse');
    const answer = answerCostRequest(result.request, catalog, 0.68);
    expect(answer.capacity.gpusPerReplica).toBeNull();
    expect(answer.capacity.gpusNeeded).toBeGreaterThan(8);
    expect(answer.selfHosted).toBeNull();
  });
});
