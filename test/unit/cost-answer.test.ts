import { describe, expect, it } from 'vitest';
import { answerCostRequest, type CostAnswer, type Efficiencies } from '../../src/lib/cost/answer';
import { MAX_GPUS_PER_REPLICA, servingCapacity, type ServingCapacity } from '../../src/lib/serving/capacity';
import { explainCost, formatSeconds } from '../../src/lib/cost/explain';
import { costQueryFor } from '../../src/lib/cost/link';
import { COST_DEFAULTS, choose, parseCostRequest, withListedPrices, type CostCatalog, type CostRequest, type RawCostRequest } from '../../src/lib/cost/request';
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
const both = (share: number): Efficiencies => ({ vllm: { decode: share, prefill: share }, 'llama.cpp': { decode: share, prefill: share } });
const answer = (raw: RawCostRequest, efficiency = 0.5) => answerCostRequest(parse(raw), catalog, both(efficiency));

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
   * Llama 3.1 8B in FP8 on one L4, served by vLLM, 16 sequences at once. A step reads every weight but the input
   * embedding: the 6,979,321,856 layer weights at 1 byte, their 266,240 norm values and the 525,336,576-value head at
   * 2 bytes = 8,030,527,488 bytes. Each sequence's cache is read at its average length while it is generated, the
   * prompt plus half the answer, 1,500 + 150 = 1,650 tokens, in vLLM's blocks of 16: 1,664 tokens x 131,072 bytes
   * x 16 sequences = 3,489,660,928 bytes. 16 x 300 GB/s / 11,520,188,416 bytes = 416.66 tokens/s. Computing takes
   * 16 x (2 x 7,504,924,672 + 4 x 32 heads x 128 x 1,650 x 32 layers) FLOPs / 121 TFLOPS = 2.1 ms, under the 38.4 ms
   * of reading: bound by memory.
   */
  it('sizes one replica from the serving roofline at the average length while a request is written', () => {
    const result = answer({ requests: '10000', input: '1500', output: '300', seqs: '16' }, 0.5);
    const { capacity } = result;
    expect(capacity.gpusPerReplica).toBe(1);
    expect(capacity.runtime).toBe('vllm');
    expect(capacity.maxConcurrentSequences).toBeGreaterThan(16);
    expect(capacity.concurrency).toBe(16);
    expect(capacity.roofline!.bytesPerStep).toBe(8_030_527_488 + 1664 * 131_072 * 16);
    expect(capacity.roofline!.boundBy).toBe('memory');
    expect(capacity.decodeBoundTokensPerSecond).toBeCloseTo((16 * 300e9) / 11_520_188_416, 2);
    expect(capacity.aggregateTokensPerSecond).toBeCloseTo(((16 * 300e9) / 11_520_188_416) * 0.5, 2);
    expect(capacity.perUserTokensPerSecond).toBeCloseTo(((300e9 / 11_520_188_416) * 0.5), 4);
    expect(result.hosting!.outputTokensPerSecond).toBe(capacity.aggregateTokensPerSecond);
    // Prompts: 121 TFLOPS / (2 x 7,504,924,672 + 4 x 32 x 128 x 750 x 32 attention FLOPs at half the prompt) x 0.5.
    const prefillBound = 121e12 / (2 * 7_504_924_672 + 4 * 32 * 128 * 750 * 32);
    expect(capacity.prefillBoundTokensPerSecond).toBeCloseTo(prefillBound, 3);
    expect(capacity.prefillTokensPerSecond).toBeCloseTo(prefillBound * 0.5, 3);
    expect(capacity.timeToFirstTokenSeconds).toBeCloseTo(1500 / (prefillBound * 0.5), 6);
  });

  it('gives the same capacity the cost CLI plans with, for the same question', () => {
    const request = parse({ requests: '10000', input: '1500', output: '300', reasoning: '200', seqs: '64' });
    const result = answerCostRequest(request, catalog, both(0.5));
    const direct = servingCapacity({
      model: model('llama-3.1-8b'),
      weightPrecision: 'fp8',
      runtime: 'vllm',
      gpu: gpu('l4'),
      inputTokens: 1500,
      outputTokens: 500,
      maxSequences: 64,
      efficiency: { decode: 0.5, prefill: 0.5 },
    });
    expect(result.capacity).toEqual(direct);
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

describe('the self-hosting fields', () => {
  it('counts reasoning tokens as output in the volume and the APIs\' bills', () => {
    // 10,000 requests x 30.4375 days x (1,500 + 300 + 200) tokens = 608,750,000 tokens a month.
    const result = answer({ requests: '10000', input: '1500', output: '300', reasoning: '200' });
    expect(result.tokensPerMonth).toBeCloseTo(608_750_000, 3);
    // Dear: 1,500 x $3 + 500 x $15 per million tokens of 2,000.
    expect(result.apis[1]!.blendedUsdPerMillion).toBeCloseTo((1500 * 3 + 500 * 15) / 2000, 9);
    expect(parse({ reasoning: '200', output: '300' }).workload.outputTokensPerRequest).toBe(500);
    expect(parse({ reasoning: '200' }).reasoningTokensPerRequest).toBe(200);
  });

  it.each([
    // vLLM's max_num_seqs: 1024 on a GPU of 70 GiB or more that is not an A100, else 256 (vllm/engine/arg_utils.py).
    [{ gpu: 'l4', precision: 'fp8' }, 'vllm', '256'],
    [{ gpu: 'h100-sxm', precision: 'fp8' }, 'vllm', '1024'],
    // GGUF is served by llama.cpp, 16 slots to start.
    [{ gpu: 'l4', precision: 'q4_k_m' }, 'llama.cpp', '16'],
  ] as const)('fills a blank runtime and sequence limit for %o: %s, %s', (raw, runtime, seqs) => {
    const filled = withListedPrices({ ...BASE, ...raw, runtime: '', seqs: '' }, catalog);
    expect([filled.runtime, filled.seqs]).toEqual([runtime, seqs]);
    const request = parse({ ...raw, runtime: '', seqs: '' });
    expect([request.runtime, request.maxSequences]).toEqual([runtime, Number(seqs)]);
  });

  it('lets a changed format, runtime or GPU bring its own defaults, and keeps a typed limit otherwise', () => {
    const start = withListedPrices({ ...BASE, seqs: '' }, catalog);
    expect(choose(start, 'precision', 'q4_k_m', catalog)).toMatchObject({ runtime: 'llama.cpp', seqs: '16' });
    expect(choose(start, 'gpu', 'h100-sxm', catalog)).toMatchObject({ runtime: 'vllm', seqs: '1024' });
    expect(choose({ ...start, seqs: '40' }, 'api1', 'dear', catalog).seqs).toBe('40');
  });

  it.each([
    [{ runtime: 'vllm', precision: 'q4_k_m' }, 'Serving runtime vLLM (also SGLang) does not serve'],
    [{ runtime: 'tgi' }, 'Serving runtime must be one of vllm, llama.cpp'],
    [{ seqs: '0' }, 'Most sequences at once must be a whole number from 1'],
    [{ reasoning: '-1' }, 'Reasoning tokens per request must be a whole number from 0'],
    [{ 'per-user': '0' }, 'Speed each user needs (tokens/s) must be a number from 0.1'],
    [{ pay: 'buy', 'kwh-usd': '0.15' }, 'Price of one GPU ($) is required'],
    [{ pay: 'buy', 'card-usd': '2500' }, 'Electricity ($ per kWh) is required'],
    [{ pay: 'buy', 'card-usd': '2500', 'kwh-usd': '0.15', years: '0' }, 'Years to write it off must be a number from 0.5 to 15'],
    [{ pay: 'lease' }, 'Renting or buying must be one of rent, buy'],
  ] as const)('rejects %o naming the field by its label', (raw, message) => {
    const result = parseCostRequest({ ...BASE, ...raw }, catalog);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.message).join('; ')).toContain(message);
  });

  it('holds each user to the speed they need, with fewer sequences per replica (see serving.test.ts for the arithmetic)', () => {
    expect(parse({ 'per-user': '' }).perUserTarget).toBeUndefined();
    const held = answer({ requests: '10000', input: '1500', output: '300', seqs: '16', 'per-user': '15' });
    expect(held.capacity).toMatchObject({ concurrency: 9, limitedBy: 'speed-target', targetMet: true });
    const free = answer({ requests: '10000', input: '1500', output: '300', seqs: '16' });
    // Fewer sequences at once: less output per replica, so never fewer replicas for the same load.
    expect(held.capacity.aggregateTokensPerSecond).toBeLessThan(free.capacity.aggregateTokensPerSecond);
    expect(held.selfHosted!.replicas).toBeGreaterThanOrEqual(free.selfHosted!.replicas);
    const lines = explainCost(parse({ 'per-user': '15', seqs: '16' }), held, both(0.5));
    expect(lines[2]).toMatch(/the server runs up to 16 at once; more than 9 would slow each user below 15 tokens\/s, so 9 run together\.$/);
  });

  it('prices bought GPUs by their write-off and electricity instead of an hourly rate', () => {
    // One L4 bought for $2,500, written off over 3 years, drawing its 72 W board power (NVIDIA's L4 figure in the
    // GPU catalog) at $0.15 per kWh around the clock: 2,500 / 36 + 0.072 x 0.15 x 24 x 30.4375 = 69.444 + 7.889.
    const bought = answer({ pay: 'buy', 'card-usd': '2500', years: '3', 'kwh-usd': '0.15', 'gpu-price': '' });
    expect(bought.selfHosted!.replicaMonthlyUsd).toBeCloseTo(2500 / 36 + 0.072 * 0.15 * 24 * 30.4375, 6);
    expect(bought.selfHosted!.monthlyUsd).toBeCloseTo(bought.selfHosted!.replicas * (2500 / 36 + 0.072 * 0.15 * 24 * 30.4375), 6);
    const request = parse({ pay: 'buy', 'card-usd': '2500', years: '3', 'kwh-usd': '0.15' });
    expect(request.ownership).toEqual({ cardUsd: 2500, years: 3, watts: 72, usdPerKwh: 0.15 });
    expect(request.gpuPriceSource).toBeUndefined();
    expect(explainCost(request, bought, both(0.5)).find((line) => line.startsWith('Replica cost:'))).toBe('Replica cost: 1 GPU × ($2,500 ÷ (3 years × 12 months) + 72 W × $0.15 per kWh × 24 hours × 30.44 days) = $77.33 a month.');
    // A typed wattage replaces the board power; fewer hours cut the electricity, not the write-off.
    const night = answer({ pay: 'buy', 'card-usd': '2500', years: '3', 'kwh-usd': '0.15', watts: '150', hours: '12' });
    expect(night.selfHosted!.replicaMonthlyUsd).toBeCloseTo(2500 / 36 + 0.15 * 0.15 * 12 * 30.4375, 6);
    // Renting ignores the ownership boxes.
    expect(parse({ pay: 'rent', 'card-usd': 'x' }).ownership).toBeUndefined();
    expect(withListedPrices({ ...BASE, watts: '' }, catalog).watts).toBe('72');
  });

  it('refuses replicas larger than one eight-GPU server, saying how many GPUs it would take', () => {
    expect(MAX_GPUS_PER_REPLICA).toBe(8);
    // Llama 3.1 70B in BF16 is 141 GB of weights: nine or more 16 GB T4s would be needed.
    const t4 = answer({ model: 'llama-3.1-70b', precision: 'bf16', gpu: 't4', 'gpu-price': '0.5', seqs: '1' });
    expect(t4.capacity.gpusNeeded).toBeGreaterThan(8);
    expect(t4.capacity.gpusPerReplica).toBeNull();
    expect(t4.selfHosted).toBeNull();
    expect(t4.capacity.aggregateTokensPerSecond).toBe(0);
  });

  it('counts prompt reading as free when the GPU has no published compute figure', () => {
    const noCompute = gpus.find((entry) => entry.fp16Tflops === null || entry.fp16Tflops === undefined);
    expect(noCompute, 'a GPU without a compute figure').toBeDefined();
    const capacity = servingCapacity({ model: model('llama-3.1-8b'), weightPrecision: 'q4_k_m', gpu: noCompute!, inputTokens: 1500, outputTokens: 300, maxSequences: 16, efficiency: { decode: 0.5, prefill: 0.5 } });
    expect(capacity.prefillBoundTokensPerSecond).toBeNull();
    expect(capacity.prefillTokensPerSecond).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('show the math for the cost', () => {
  const request = {
    volumeMode: 'requests',
    workload: { requestsPerDay: 1000, inputTokensPerRequest: 500, outputTokensPerRequest: 100, cachedInputShare: 0, monthlyGrowth: 0 },
    apis: [],
    modelId: 'x',
    weightPrecision: 'fp8',
    runtime: 'vllm',
    reasoningTokensPerRequest: 0,
    gpuId: 'l4',
    usdPerGpuHour: 1,
    maxSequences: 256,
    utilization: 0.6,
    hoursPerDay: 24,
    peakToAverage: 1,
  } satisfies CostRequest;
  const capacity: ServingCapacity = {
    runtime: 'vllm',
    gpusPerReplica: 1,
    gpusNeeded: 1,
    maxConcurrentSequences: 52,
    concurrency: 52,
    limitedBy: 'memory',
    targetMet: null,
    roofline: { bytesPerStep: 12.5e9, flopsPerStep: 8e11, stepSeconds: 0.0416, boundBy: 'memory' },
    decodeBoundTokensPerSecond: 1250,
    aggregateTokensPerSecond: 625,
    perUserTokensPerSecond: 12.02,
    prefillBoundTokensPerSecond: 7000,
    prefillTokensPerSecond: 3500,
    timeToFirstTokenSeconds: 500 / 3500,
    requestsPerSecond: 3,
  };
  const result = {
    tokensPerMonth: 18_262_500,
    tokensPerMonthInAYear: 18_262_500,
    gpuName: 'NVIDIA L4',
    capacity,
    hosting: null,
    selfHosted: { monthlyUsd: 730.5, replicas: 1, usdPerMillion: 40, capacityTokensPerMonth: 5e8, replicaMonthlyUsd: 730.5 },
    apis: [],
    hybrid: null,
    firstToken: null,
    curve: [],
    chartMaxTokensPerMonth: 1e9,
  } satisfies CostAnswer;
  const half = both(0.5);

  it('writes every step with the request\'s own numbers', () => {
    expect(explainCost(request, result, half)).toEqual([
      'Volume: 1,000 requests a day × 30.44 days × (500 input + 100 output tokens) = 18.3M tokens a month.',
      'API: input tokens × input price (the cached share at the cached price, the share written to the cache at the cache-write price) + output tokens × output price, per million tokens.',
      "Sequences: after the weights and activations, vLLM (also SGLang)'s cache pool on 1 GPU holds 52 sequences of 600 tokens; the server runs up to 256 at once, so 52 run together.",
      "Writing speed: one decoding step for 52 sequences reads 12.5 GB (the weights once, plus each sequence's cache) and computes 800B operations, so it takes at least 0.042 s (bound by memory): 1,250 tokens/s × 50% (the median share published llama.cpp decode runs reach) = 625 tokens/s, 12 for each user.",
      'Reading speed: the compute bound of 7,000 prompt tokens/s × 50% = 3,500 tokens/s; an idle replica reads one 500-token prompt in 0.14 s.',
      'Capacity: 24 hours × 3,600 s × 30.44 days × 60% utilization ÷ (input ÷ reading speed + output ÷ writing speed) per request = 500M tokens a month per replica.',
      'Replica cost: 1 GPU × $1.00 an hour × 24 hours × 30.44 days = $730.50.',
    ]);
  });

  it('states a volume given in tokens a day as tokens first, and names reasoning tokens', () => {
    // 1,000 requests × (500 + 100) tokens = 600,000 tokens a day, written "600K".
    expect(explainCost({ ...request, volumeMode: 'tokens' }, result, half)[0]).toBe(
      'Volume: 600K tokens a day × 30.44 days = 18.3M tokens a month, which is 1K requests a day of 500 input + 100 output tokens.',
    );
    const thinking = explainCost({ ...request, reasoningTokensPerRequest: 40 }, result, half);
    expect(thinking[0]).toBe('Volume: 1,000 requests a day × 30.44 days × (500 input + 60 output + 40 reasoning tokens) = 18.3M tokens a month.');
    expect(thinking[1]).toMatch(/; reasoning tokens are billed as output\.$/);
  });

  it('says when the reader\'s measured speed replaces the estimate, counts GPUs in the plural, and words llama.cpp\'s slots', () => {
    const lines = explainCost({ ...request, measuredOutputTokensPerSecond: 321 }, { ...result, capacity: { ...capacity, gpusPerReplica: 2 } }, half);
    expect(lines[3]).toMatch(/= 625 tokens\/s, 12 for each user; replaced by your measured 321 tokens\/s\.$/);
    expect(lines[4]).toMatch(/^Split over 2 GPUs: .* take this speed and capacity as a ceiling\.$/);
    expect(lines[7]).toBe('Replica cost: 2 GPUs × $1.00 an hour × 24 hours × 30.44 days = $730.50.');
    expect(explainCost(request, result, half).some((line) => line.startsWith('Split over'))).toBe(false);
    const slots = explainCost({ ...request, runtime: 'llama.cpp', maxSequences: 16 }, { ...result, capacity: { ...capacity, runtime: 'llama.cpp', concurrency: 16 } }, half);
    expect(slots[2]).toBe('Sequences: 52 caches of 600 tokens fit beside the weights on 1 GPU with llama.cpp (also Ollama, LM Studio); the server runs up to 16 at once, so 16 run together.');
  });

  it('says when prompt reading is not counted, and stops after the API line when nothing can be self-hosted', () => {
    expect(explainCost(request, { ...result, capacity: { ...capacity, prefillBoundTokensPerSecond: null } }, half)[4]).toBe(
      'Reading speed: this GPU has no published compute figure, so reading prompts is not counted against capacity.',
    );
    expect(explainCost(request, { ...result, selfHosted: null }, half)).toHaveLength(2);
    const missed = explainCost({ ...request, perUserTarget: 40 }, { ...result, capacity: { ...capacity, concurrency: 1, limitedBy: 'speed-target', targetMet: false } }, half);
    expect(missed[2]).toMatch(/at once; not even one sequence alone reaches 40 tokens\/s, so they run one at a time\.$/);
    expect(explainCost(request, { ...result, capacity: { ...capacity, gpusPerReplica: null } }, half)).toHaveLength(2);
  });

  it.each([
    [0.14, '0.14 s'],
    [0.0416, '0.042 s'],
    [3.14159, '3.1 s'],
    [12.4, '12 s'],
    [0, '0 s'],
    [0.999, '1 s'],
    [1, '1.0 s'],
    [-1, '—'],
    [Number.POSITIVE_INFINITY, '—'],
  ])('writes %d seconds as %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('the link from the memory calculator', () => {
  const ids = { modelIds: new Set(models.map((entry) => entry.id)), gpuIds: new Set(gpus.map((entry) => entry.id)) };
  it.each([
    [{ modelId: 'llama-3.1-8b', gpuId: 'l4', precision: 'fp8', runtime: 'vllm' }, 'model=llama-3.1-8b&precision=fp8&gpu=l4&runtime=vllm'],
    [{ modelId: 'qwen3-8b', gpuId: 'rtx-4090', precision: 'q4_k_m', runtime: 'llama.cpp' }, 'model=qwen3-8b&precision=q4_k_m&gpu=rtx-4090&runtime=llama.cpp'],
    // Transformers is not a serving runtime here: the cost page takes the usual one for the format.
    [{ modelId: 'llama-3.1-8b', gpuId: 'l4', precision: 'bf16', runtime: 'transformers' }, 'model=llama-3.1-8b&precision=bf16&gpu=l4'],
    [{ modelId: 'hf:Qwen/Qwen3-8B', gpuId: 'l4', precision: 'bf16', runtime: 'vllm' }, null],
    [{ modelId: undefined, gpuId: 'l4', precision: 'bf16', runtime: 'vllm' }, null],
    [{ modelId: 'llama-3.1-8b', gpuId: 'custom', precision: 'bf16', runtime: 'vllm' }, null],
    [{ modelId: 'llama-3.1-8b', gpuId: undefined, precision: 'bf16', runtime: 'vllm' }, null],
  ] as const)('%o -> %s', (setup, query) => {
    expect(costQueryFor(setup, ids)?.toString() ?? null).toBe(query);
  });

  it('opens a cost question that parses, with the setup it came from', () => {
    const query = costQueryFor({ modelId: 'qwen3-8b', gpuId: 'l4', precision: 'q4_k_m', runtime: 'llama.cpp' }, ids)!;
    const raw = withListedPrices({ api1: 'cheap', api2: '', api3: '', ...Object.fromEntries(query) }, catalog);
    const result = parseCostRequest(raw, catalog);
    expect(result.ok).toBe(true);
    if (result.ok) expect([result.request.modelId, result.request.weightPrecision, result.request.gpuId, result.request.runtime, result.request.maxSequences]).toEqual(['qwen3-8b', 'q4_k_m', 'l4', 'llama.cpp', 16]);
  });
});
