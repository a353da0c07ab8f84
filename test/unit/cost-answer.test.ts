import { describe, expect, it } from 'vitest';
import { answerCostRequest, type CostAnswer } from '../../src/lib/cost/answer';
import { MAX_GPUS_PER_REPLICA, replicaCapacity } from '../../src/lib/cost/capacity';
import { explainCost } from '../../src/lib/cost/explain';
import { COST_DEFAULTS, parseCostRequest, type CostCatalog, type CostRequest, type RawCostRequest } from '../../src/lib/cost/request';
import type { ApiPriceEntry, GpuHourPriceEntry } from '../../src/lib/cost/schema';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { loadGpus, loadModels } from './support/catalog';

const models = loadModels().map(({ model }) => model);
const gpus = toGpuSpecs(loadGpus().map(({ gpu }) => gpu));
const gpu = (id: string) => gpus.find((entry) => entry.id === id)!;
const model = (id: string) => models.find((entry) => entry.id === id)!;

const source = { asOf: null, url: 'https://example.com/prices', read: '2026-12-01', as: 'test price' };
const apiPrices: ApiPriceEntry[] = [
  { id: 'cheap', provider: 'P', model: 'Cheap', kind: 'open-hosted', inputUsdPerMillion: 0.1, outputUsdPerMillion: 0.2, ...source },
  { id: 'dear', provider: 'Q', model: 'Dear', kind: 'closed', inputUsdPerMillion: 3, outputUsdPerMillion: 15, cachedInputUsdPerMillion: 0.3, ...source },
];
const gpuHourPrices: GpuHourPriceEntry[] = [
  { id: 'l4-spot', provider: 'S', gpu: 'l4', pricing: 'spot', usdPerGpuHour: 0.1, ...source },
  { id: 'l4-a', provider: 'A', gpu: 'l4', pricing: 'on-demand', usdPerGpuHour: 0.8, ...source },
  { id: 'l4-b', provider: 'B', gpu: 'l4', pricing: 'on-demand', usdPerGpuHour: 0.7, ...source },
  { id: 'h100', provider: 'H', gpu: 'h100-sxm', pricing: 'on-demand', usdPerGpuHour: 2.5, ...source },
];
// The chosen GPU is deliberately not the first in the list.
const catalog: CostCatalog = { models, gpus, apiPrices, gpuHourPrices };
const BASE: RawCostRequest = { ...COST_DEFAULTS, model: 'llama-3.1-8b', precision: 'fp8', gpu: 'l4', seqs: '16', api1: 'cheap', api2: 'dear', api3: '' };

function parse(raw: RawCostRequest): CostRequest {
  const result = parseCostRequest({ ...BASE, ...raw }, catalog);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('; '));
  return result.request;
}
const answer = (raw: RawCostRequest, efficiency = 0.5) => answerCostRequest(parse(raw), catalog, efficiency);

describe('cost request against a price list', () => {
  it('starts from the cheapest on-demand price, never a spot price', () => {
    const request = parse({});
    expect(request.usdPerGpuHour).toBe(0.7);
    expect(request.gpuPriceSource?.id).toBe('l4-b');
    expect(parse({ 'gpu-price': '1.5' }).gpuPriceSource).toBeUndefined();
    // A price box emptied by the reader goes back to the listed price rather than failing.
    expect(parse({ 'gpu-price': '' }).usdPerGpuHour).toBe(0.7);
  });

  it('leaves out an API slot left empty, and labels each API by model and provider', () => {
    expect(parse({}).apis.map((api) => [api.id, api.label])).toEqual([['cheap', 'Cheap (P)'], ['dear', 'Dear (Q)']]);
  });

  it('reads a volume given in tokens a day as requests of the stated size', () => {
    // 18,000,000 tokens a day ÷ (1,500 + 300 tokens a request) = 10,000 requests a day.
    const request = parse({ volume: 'tokens', 'tokens-day': '18000000', input: '1500', output: '300', requests: '7' });
    expect(request.volumeMode).toBe('tokens');
    expect(request.workload.requestsPerDay).toBe(10_000);
    // The same month of tokens as 10,000 requests a day given directly.
    expect(answer({ volume: 'tokens', 'tokens-day': '18000000', input: '1500', output: '300' }).tokensPerMonth).toBe(
      answer({ requests: '10000', input: '1500', output: '300' }).tokensPerMonth,
    );
  });

  it.each([
    [{ volume: 'tokens', 'tokens-day': '' }, 'Tokens per day (input + output) is required'],
    [{ volume: 'tokens', 'tokens-day': '0.5' }, 'Tokens per day (input + output)'],
    [{ volume: 'pages' }, 'Volume given as must be one of requests, tokens'],
  ] as const)('rejects %o naming the field by its label', (raw, message) => {
    const result = parseCostRequest({ ...BASE, ...raw }, catalog);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.message).join('; ')).toContain(message);
  });

  it('turns percentages into shares', () => {
    const request = parse({ cached: '25', growth: '-10', util: '60' });
    expect(request.workload.cachedInputShare).toBe(0.25);
    expect(request.workload.monthlyGrowth).toBe(-0.1);
    expect(request.utilization).toBe(0.6);
  });
});

describe('one month of cost, checked by hand', () => {
  // 10,000 requests a day x 30.4375 days x (1,500 + 300) tokens = 547,875,000 tokens a month.
  it('counts the month\'s tokens, and twelve months of 10% growth: x 1.1^12 = 3.138428...', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300', growth: '10' });
    expect(result.tokensPerMonth).toBeCloseTo(547_875_000, 3);
    expect(result.tokensPerMonthInAYear).toBeCloseTo(1_719_466_446.896, 1);
  });

  /**
   * Llama 3.1 8B in FP8 on one L4, served by vLLM. A step reads every weight but the input embedding: the
   * 6,979,321,856 layer weights at 1 byte, their 266,240 norm values and the 525,336,576-value head at 2 bytes =
   * 8,030,527,488 bytes. 16 sequences read their caches at half of 1,800 tokens, in blocks of 16: 912 tokens x
   * 131,072 bytes x 16 = 1,912,602,624 bytes. 16 x 300 GB/s / 9,943,130,112 bytes = 482.745 tokens/s.
   */
  it('sizes one replica from the memory engine: the decode bound at half the request length', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300' }, 0.5);
    expect(result.capacity.gpusPerReplica).toBe(1);
    expect(result.capacity.decodeBoundTokensPerSecond).toBeCloseTo(482.745, 2);
    expect(result.capacity.outputTokensPerSecond).toBeCloseTo(482.745 * 0.5, 2);
    // 121 TFLOPS / (2 FLOPs x 7,504,924,672 parameters a token multiplies by: all but the input embedding) x 0.5.
    expect(result.capacity.prefillBoundTokensPerSecond).toBeCloseTo(121e12 / (2 * 7_504_924_672), 3);
    expect(result.capacity.inputTokensPerSecond).toBeCloseTo((121e12 / (2 * 7_504_924_672)) * 0.5, 3);
  });

  it('prices self-hosting as whole replicas and per million tokens', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300' });
    const hosted = result.selfHosted!;
    // One L4 at $0.70 for 24 hours x 30.4375 days = $511.35.
    expect(hosted.replicaMonthlyUsd).toBeCloseTo(511.35, 6);
    expect(hosted.monthlyUsd).toBeCloseTo(hosted.replicas * 511.35, 6);
    expect(hosted.usdPerMillion).toBeCloseTo((hosted.monthlyUsd / 547_875_000) * 1e6, 9);
  });

  it('prices each API by the mix, and finds where self-hosting starts to pay', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300' });
    const [cheap, dear] = result.apis;
    // Cheap: 1,500 x $0.10 + 300 x $0.20 per million, over 1,800 tokens = $0.1167 per million.
    expect(cheap!.blendedUsdPerMillion).toBeCloseTo((1500 * 0.1 + 300 * 0.2) / 1800, 9);
    expect(cheap!.monthlyUsd).toBeCloseTo(547.875 * ((1500 * 0.1 + 300 * 0.2) / 1800), 6);
    expect(dear!.monthlyUsd).toBeCloseTo(547.875 * ((1500 * 3 + 300 * 15) / 1800), 6);
    // $511.35 a month for one replica against $5 per million blended: 102.27M tokens.
    expect(dear!.breakEvenTokensPerMonth).toBeCloseTo(511.35 / (5 / 1e6), 0);
    expect(result.chartMaxTokensPerMonth).toBeGreaterThanOrEqual(1.25 * dear!.breakEvenTokensPerMonth!);
  });

  it('charts far enough to show this volume, a year of growth, every break-even and one and a half replicas', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300', growth: '10' });
    const breakEvens = result.apis.map((row) => row.breakEvenTokensPerMonth ?? 0);
    const furthest = Math.max(result.tokensPerMonth, result.tokensPerMonthInAYear, ...breakEvens, result.selfHosted!.capacityTokensPerMonth * 1.5);
    expect(result.chartMaxTokensPerMonth).toBeCloseTo(1.25 * furthest, 3);
    expect(result.curve.at(-1)!.tokensPerMonth).toBeCloseTo(result.chartMaxTokensPerMonth, 3);
    const small = answer({ requests: '1', input: '10', output: '10' });
    expect(small.chartMaxTokensPerMonth).toBeCloseTo(1.25 * 1.5 * small.selfHosted!.capacityTokensPerMonth, 0);
  });

  it('charts a million tokens when there is nothing to show, and costs nothing per million at no volume', () => {
    const result = answer({ requests: '0', model: 'deepseek-v3', precision: 'bf16', api1: '', api2: '' });
    expect(result.selfHosted).toBeNull();
    expect(result.curve).toEqual([]);
    expect(result.chartMaxTokensPerMonth).toBe(1e6);
    const idle = answer({ requests: '0' });
    expect(idle.tokensPerMonth).toBe(0);
    expect(idle.selfHosted!.usdPerMillion).toBe(0);
    expect(idle.selfHosted!.replicas).toBe(1);
  });

  it('reports no break-even for an API cheaper than a replica at any volume', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300' });
    expect(result.apis[0]!.breakEvenTokensPerMonth).toBeNull();
    expect(answer({ requests: '0', model: 'deepseek-v3', precision: 'bf16' }).apis.every((row) => row.breakEvenTokensPerMonth === null)).toBe(true);
  });

  it('uses the reader\'s measured speed in place of the estimate', () => {
    const result = answer({ tps: '1000' });
    expect(result.hosting!.outputTokensPerSecond).toBe(1000);
  });
});

describe('replica capacity', () => {
  const base = { model: model('llama-3.1-8b'), weightPrecision: 'fp8' as const, gpu: gpu('l4'), contextTokens: 1800, concurrentSequences: 16, efficiency: 0.5 };

  it('takes the GPUs needed at the longest context, and refuses more than one eight-GPU server', () => {
    expect(MAX_GPUS_PER_REPLICA).toBe(8);
    // Llama 3.1 70B in BF16 is 141 GB of weights: two 80 GB H100s hold it, and nine 16 GB T4s would be needed.
    expect(replicaCapacity({ ...base, model: model('llama-3.1-70b'), weightPrecision: 'bf16', gpu: gpu('h100-sxm') }).gpusPerReplica).toBe(2);
    const t4 = replicaCapacity({ ...base, model: model('llama-3.1-70b'), weightPrecision: 'bf16', gpu: gpu('t4'), concurrentSequences: 1 });
    expect(t4.gpusNeeded).toBeGreaterThan(8);
    expect(t4.gpusPerReplica).toBeNull();
    expect(t4.outputTokensPerSecond).toBe(0);
    expect(t4.inputTokensPerSecond).toBe(0);
    // Kimi K2 in FP8 (1 TB) does not fit on any number of 16 GB T4s the search tries (each holds under 16 GB, and vLLM
    // keeps a full copy of the latent cache and buffers on every one): no count at all, and no capacity.
    const never = replicaCapacity({ ...base, model: model('kimi-k2-instruct'), weightPrecision: 'fp8', gpu: gpu('t4'), contextTokens: 131_072, concurrentSequences: 64 });
    expect(never.gpusNeeded).toBeNull();
    expect(never.gpusPerReplica).toBeNull();
    expect(never.outputTokensPerSecond).toBe(0);
  });

  it('accepts a replica of exactly eight GPUs', () => {
    // Llama 3.1 70B in BF16 on H100s: longer contexts need more GPUs; somewhere it takes exactly eight.
    const at = (contextTokens: number) => replicaCapacity({ ...base, model: model('llama-3.1-70b'), weightPrecision: 'bf16', gpu: gpu('h100-sxm'), contextTokens });
    let low = 1000;
    let high = 1_000_000;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if ((at(middle).gpusNeeded ?? Infinity) >= 8) high = middle;
      else low = middle;
    }
    expect(at(high).gpusNeeded).toBe(8);
    expect(at(high).gpusPerReplica).toBe(8);
  });

  it('grows its memory with the request length and slows down as the caches grow', () => {
    const short = replicaCapacity({ ...base, contextTokens: 1000 });
    const longer = replicaCapacity({ ...base, contextTokens: 4000 });
    expect([short.gpusPerReplica, longer.gpusPerReplica]).toEqual([1, 1]);
    expect(longer.decodeBoundTokensPerSecond).toBeLessThan(short.decodeBoundTokensPerSecond);
    // 16 caches of 20,000 tokens hold 42 GB: more than one 24 GB L4.
    expect(replicaCapacity({ ...base, contextTokens: 20_000 }).gpusPerReplica).toBeGreaterThan(1);
  });

  it('counts prompt reading as free when the GPU has no published compute figure', () => {
    const mac = replicaCapacity({ ...base, weightPrecision: 'q4_k_m', gpu: gpu('apple-m2-ultra-192gb') });
    expect(mac.prefillBoundTokensPerSecond).toBeNull();
    expect(mac.inputTokensPerSecond).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('show the math for the cost', () => {
  const request = {
    volumeMode: 'requests',
    workload: { requestsPerDay: 1000, inputTokensPerRequest: 500, outputTokensPerRequest: 100, cachedInputShare: 0, monthlyGrowth: 0 },
    apis: [],
    modelId: 'x',
    weightPrecision: 'fp8',
    gpuId: 'l4',
    usdPerGpuHour: 1,
    concurrentSequences: 8,
    utilization: 0.6,
    hoursPerDay: 24,
  } as CostRequest;
  const capacity = { gpusPerReplica: 1, gpusNeeded: 1, decodeBoundTokensPerSecond: 400, prefillBoundTokensPerSecond: 7000, outputTokensPerSecond: 200, inputTokensPerSecond: 3500 };
  const result = {
    tokensPerMonth: 18_262_500,
    tokensPerMonthInAYear: 18_262_500,
    capacity,
    hosting: null,
    selfHosted: { monthlyUsd: 730.5, replicas: 1, usdPerMillion: 40, capacityTokensPerMonth: 5e8, replicaMonthlyUsd: 730.5 },
    apis: [],
    curve: [],
    chartMaxTokensPerMonth: 1e9,
  } satisfies CostAnswer;

  it('writes every step with the request\'s own numbers', () => {
    expect(explainCost(request, result, 0.5)).toEqual([
      'Volume: 1,000 requests a day × 30.44 days × (500 input + 100 output tokens) = 18.3M tokens a month.',
      'API: input tokens × input price (the cached share at the cached price) + output tokens × output price, per million tokens.',
      'Writing speed: the bandwidth bound of 400 output tokens/s across 8 sequences × 50% (the median share published llama.cpp runs reach) = 200 tokens/s.',
      'Reading speed: the compute bound of 7,000 prompt tokens/s × 50% = 3,500 tokens/s.',
      'Capacity: 24 hours × 3,600 s × 30.44 days × 60% utilization ÷ (input ÷ reading speed + output ÷ writing speed) per request = 500M tokens a month per replica.',
      'Replica cost: 1 GPU × $1.00 an hour × 24 hours × 30.44 days = $730.50.',
    ]);
  });

  it('states a volume given in tokens a day as tokens first', () => {
    // 1,000 requests × (500 + 100) tokens = 600,000 tokens a day, written "600K".
    expect(explainCost({ ...request, volumeMode: 'tokens' }, result, 0.5)[0]).toBe(
      'Volume: 600K tokens a day × 30.44 days = 18.3M tokens a month, which is 1K requests a day of 500 input + 100 output tokens.',
    );
  });

  it('says when the reader\'s measured speed replaces the estimate, and counts GPUs in the plural', () => {
    const lines = explainCost({ ...request, measuredOutputTokensPerSecond: 321 }, { ...result, capacity: { ...capacity, gpusPerReplica: 2 } }, 0.5);
    expect(lines[2]).toBe('Writing speed: the bandwidth bound of 400 output tokens/s across 8 sequences × 50% (the median share published llama.cpp runs reach) = 200 tokens/s; replaced by your measured 321 tokens/s.');
    expect(lines[5]).toBe('Replica cost: 2 GPUs × $1.00 an hour × 24 hours × 30.44 days = $730.50.');
  });

  it('says when prompt reading is not counted, and stops after the API line when nothing can be self-hosted', () => {
    expect(explainCost(request, { ...result, capacity: { ...capacity, prefillBoundTokensPerSecond: null } }, 0.5)[3]).toBe(
      'Reading speed: this GPU has no published compute figure, so reading prompts is not counted against capacity.',
    );
    expect(explainCost(request, { ...result, selfHosted: null }, 0.5)).toHaveLength(2);
    expect(explainCost(request, { ...result, capacity: { ...capacity, gpusPerReplica: null } }, 0.5)).toHaveLength(2);
  });
});
