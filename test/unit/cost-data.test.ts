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

  it.each<[string, RawCostRequest, string]>([
    ['a negative volume', { requests: '-3' }, 'requests: Requests per day must be 0 or a number from 1 to 10,000,000,000; got "-3"'],
    ['a fraction of a request a day, the underflow that broke the page', { requests: '1e-320' }, 'requests: Requests per day must be 0 or a number from 1 to 10,000,000,000; got "1e-320"'],
    ['a price too small to mean anything', { 'api1-in': '0.0001' }, 'api1-in: API 1 input $/1M must be 0 or a number from 0.001 to 10,000 USD per million tokens; got "0.0001"'],
    ['no output', { output: '0' }, 'output: Output tokens per request must be a whole number from 1 to 10,000,000; got "0"'],
    ['a share over 100%', { util: '150' }, 'util: Utilization (%) must be a number from 1 to 100 %; got "150"'],
    ['a decimal comma in a price', { 'gpu-price': '2,50' }, 'gpu-price: $ per GPU-hour must be a number from 0.01 to 1,000 USD per GPU-hour; a comma only separates thousands, as in 2,500 (write decimals with a point, as in 2.5): "2,50"'],
    ['a word for a price', { 'gpu-price': 'free' }, 'gpu-price: $ per GPU-hour must be a number from 0.01 to 1,000 USD per GPU-hour; that is not a number: "free"'],
    ['an unknown API', { api2: 'nope' }, 'api2: API 2 must be a listed API price id; got "nope"'],
    ['a bad API price', { 'api1-out': '-1' }, 'api1-out: API 1 output $/1M must be 0 or a number from 0.001 to 10,000 USD per million tokens; got "-1"'],
    ['a bad cached price', { 'api3-cached': 'x' }, 'api3-cached: API 3 cached input $/1M must be 0 or a number from 0.001 to 10,000 USD per million tokens; that is not a number: "x"'],
    ['an unknown model', { model: 'gpt-5' }, 'model: Model must be a catalog id such as llama-3.1-8b; got "gpt-5"'],
    ['too many sequences', { seqs: '1025' }, 'seqs: Most sequences at once must be a whole number from 1 to 1,024; got "1025"'],
    ['a fraction of a token', { input: '1.5' }, 'input: Input tokens per request must be a whole number from 0 to 10,000,000; got "1.5"'],
    ['a cached share over 100%', { cached: '101' }, 'cached: Cached input (%) must be a number from 0 to 100 %; got "101"'],
    [
      'cached and written shares over 100% together',
      { cached: '70', 'cache-write': '40' },
      'cache-write: Input written to the cache (%) and Cached input (%) (70%) are shares of the same prompt tokens, so together at most 100%; use at most 30%',
    ],
    ['a bad cache-write price', { 'api2-write': '-2' }, 'api2-write: API 2 cache writes $/1M must be 0 or a number from 0.001 to 10,000 USD per million tokens; got "-2"'],
    ['a peak under the average', { peak: '0.5' }, 'peak: Peak traffic over average (×) must be a number from 1 to 2 times the average; got "0.5"'],
    ['a first-token target of no time', { ttft: '0' }, 'ttft: First token within (s) must be a number from 0.01 to 3,600 s; got "0"'],
    ['a shrinking of more than 100%', { growth: '-101' }, 'growth: Growth per month (%) must be a number from -100 to 1,000 % a month; got "-101"'],
    ['an unknown format', { precision: 'fp7' }, 'precision: Weight format must be one of fp32, fp16, bf16, fp8, int8, int4, nf4, gptq-4bit, mxfp4, awq-4bit, q8_0, q6_k, q5_k_m, q5_0, q4_k_m, q4_k_s, q4_0, q3_k_m, q2_k, iq4_xs; got "fp7"'],
    ['no model at all', { model: undefined }, 'model: Model must be a catalog id such as llama-3.1-8b; got ""'],
    ['a bad measured speed', { tps: '0' }, 'tps: Measured output tokens/s must be a number from 0.01 to 10,000,000; got "0"'],
    ['a GPU with no listed price and none typed', { gpu: 'rtx-4060-ti-16gb', 'gpu-price': '' }, 'gpu-price: $ per GPU-hour is required: a number from 0.01 to 1,000 USD per GPU-hour'],
  ])('names the field by its label: %s', (_, raw, message) => {
    expect(errorsOf({ ...COST_DEFAULTS, ...raw })).toEqual([message]);
  });

  it('names an unknown GPU and lists every GPU id', () => {
    expect(errorsOf({ ...COST_DEFAULTS, gpu: 'tpu', 'gpu-price': '1' })).toEqual([`gpu: GPU must be one of ${gpus.map((gpu) => gpu.id).join(', ')}; got "tpu"`]);
    expect(errorsOf({ ...COST_DEFAULTS, gpu: undefined })[0]).toMatch(/^gpu: GPU must be one of .*; got ""$/);
  });

  it('estimates the speed when no measured speed is typed, and takes a cleared output price as the listed one', () => {
    const result = parseCostRequest({ ...COST_DEFAULTS, tps: '', 'api1-out': '' }, catalog);
    if (!result.ok) throw new Error('should parse');
    expect(result.request.measuredOutputTokensPerSecond).toBeUndefined();
    expect(result.request.apis[0]!.outputUsdPerMillion).toBe(apiPrices.find((price) => price.id === COST_DEFAULTS.api1)!.outputUsdPerMillion);
    const measured = parseCostRequest({ ...COST_DEFAULTS, tps: '250.5' }, catalog);
    expect(measured.ok && measured.request.measuredOutputTokensPerSecond).toBe(250.5);
  });

  it('answers with a self-hosted staircase that costs whole replicas', () => {
    const result = parseCostRequest({ ...COST_DEFAULTS, requests: '1000000' }, catalog);
    if (!result.ok) throw new Error('defaults should parse');
    const answer = answerCostRequest(result.request, catalog, { vllm: { decode: 0.68, prefill: 0.68 }, 'llama.cpp': { decode: 0.68, prefill: 0.68 } });
    expect(answer.selfHosted!.replicas).toBeGreaterThan(1);
    expect(answer.selfHosted!.monthlyUsd).toBeCloseTo(answer.selfHosted!.replicas * answer.selfHosted!.replicaMonthlyUsd, 6);
    for (const row of answer.apis) expect(Number.isFinite(row.monthlyUsd)).toBe(true);
  });

  it('refuses replicas larger than one eight-GPU server, saying how many GPUs it would take', () => {
    const result = parseCostRequest({ ...COST_DEFAULTS, model: 'deepseek-v3', precision: 'bf16', gpu: 't4', 'gpu-price': '0.5' }, catalog);
    if (!result.ok) throw new Error('should parse');
    const answer = answerCostRequest(result.request, catalog, { vllm: { decode: 0.68, prefill: 0.68 }, 'llama.cpp': { decode: 0.68, prefill: 0.68 } });
    expect(answer.capacity.gpusPerReplica).toBeNull();
    expect(answer.capacity.gpusNeeded).toBeGreaterThan(8);
    expect(answer.selfHosted).toBeNull();
  });
});

describe('price list schemas', () => {
  const api = apiPrices[0]!;
  const hour = gpuHourPrices[0]!;
  it.each([
    ['an id with a capital or a leading dash', { id: 'Cheap' }],
    ['an id with a trailing space', { id: 'cheap ' }],
    ['a date with text after it', { read: '2026-11-22 or so' }],
    ['a date with text before it', { read: 'on 2026-11-22' }],
  ])('refuses %s, and says how to write a date', (_what, change) => {
    const result = apiPriceSchema.safeParse({ ...api, ...change });
    expect(result.success).toBe(false);
    if ('read' in change) expect(JSON.stringify(result.error!.issues)).toContain('Use a date like 2026-11-22');
  });

  it.each([['Spot-1'], ['-x'], ['x y']])('refuses the GPU-hour id %s', (id) => {
    expect(gpuHourPriceSchema.safeParse({ ...hour, id }).success).toBe(false);
  });
});
