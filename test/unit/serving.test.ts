import { describe, expect, it } from 'vitest';
import { median } from '../../src/lib/stats/median';
import { readFileSync } from 'node:fs';
import { MAX_GPUS_PER_REPLICA, attentionFlopsPerToken, expertsTouchedShare, servingCapacity, stepRoofline, type ServingInput } from '../../src/lib/serving/capacity';
import { place } from '../../src/lib/memory/placement';
import { memoryInputForModel } from '../../src/lib/memory/for-model';
import { runtimeSettings } from '../../src/lib/memory/estimate';
import { planServing } from '../../src/lib/serving/plan';
import { toGpuSpecs } from '../../src/lib/memory/placement';
import { apiPriceSchema, gpuHourPriceSchema } from '../../src/lib/cost/schema';
import { runCost } from '../../scripts/lib/cost-cli';
import { SERVING_MEASUREMENTS, estimateServingRun } from '../../src/lib/serving/measurements';
import { defaultMaxSequences } from '../../src/lib/serving/defaults';
import { servingEfficiency } from '../../src/lib/serving/efficiency';
import { loadGpus, loadModels } from './support/catalog';

const models = loadModels().map(({ model }) => model);
const rawGpus = loadGpus().map(({ gpu }) => gpu);
const gpus = toGpuSpecs(rawGpus);
const model = (id: string) => models.find((entry) => entry.id === id)!;
const gpu = (id: string) => gpus.find((entry) => entry.id === id)!;
const FULL = { decode: 1, prefill: 1 };

const base = (overrides: Partial<ServingInput> = {}): ServingInput => ({
  model: model('llama-3.1-8b'),
  weightPrecision: 'bf16',
  runtime: 'vllm',
  gpu: gpu('h100-sxm'),
  inputTokens: 1000,
  outputTokens: 200,
  maxSequences: 256,
  efficiency: FULL,
  ...overrides,
});

describe('experts a batch touches', () => {
  it.each([
    // Mixtral routes each token to 2 of 8 experts: one token reads 2/8.
    [2 / 8, 1, 0.25],
    // Two tokens: an expert escapes both with chance (6/8)² = 0.5625, so 0.4375 of them are read.
    [2 / 8, 2, 0.4375],
    // Four tokens: 1 - 0.75⁴ = 1 - 0.31640625.
    [2 / 8, 4, 0.68359375],
    // A dense layer (every "expert" read) stays at 1.
    [1, 64, 1],
  ])('share %f per token, batch %i: %f', (perToken, batch, expected) => {
    expect(expertsTouchedShare(perToken, batch)).toBeCloseTo(expected, 12);
  });

  it('only grows with the batch, towards every expert', () => {
    let previous = 0;
    for (const batch of [1, 2, 4, 8, 16, 64, 256]) {
      const share = expertsTouchedShare(8 / 128, batch);
      expect(share).toBeGreaterThan(previous);
      previous = share;
    }
    expect(previous).toBeGreaterThan(0.999);
  });
});

describe('one decoding step', () => {
  it('reads one more sequence’s cache for each sequence added (dense model)', () => {
    // Llama 3.1 8B: 32 layers × 8 KV heads × 128 values × (key + value) × 2 bytes = 131,072 bytes per token;
    // 1,008 tokens (63 of vLLM's 16-token blocks) hold 132,120,576 bytes.
    const bytes = (batch: number) => stepRoofline(base(), 'vllm', 1, batch, 1008).bytesPerStep;
    expect(bytes(2) - bytes(1)).toBe(132_120_576);
    expect(bytes(9) - bytes(8)).toBe(132_120_576);
  });

  it('reads more of a mixture-of-experts model’s experts as the batch grows, never more than all of them', () => {
    const input = base({ model: model('mixtral-8x7b-v0.1'), gpu: gpu('h200') });
    const bytes = (batch: number) => stepRoofline(input, 'vllm', 2, batch, 16).bytesPerStep;
    const one = bytes(1);
    const many = bytes(256);
    expect(bytes(2)).toBeGreaterThan(one);
    // 256 tokens read nearly every expert: the step reads close to the whole model (about 93 GB in BF16), far more
    // than one token's active share (about 26 GB), plus 256 short caches.
    expect(many).toBeGreaterThan(one * 3);
  });

  it('is memory-bound for one sequence and turns compute-bound as the batch grows', () => {
    expect(stepRoofline(base(), 'vllm', 1, 1, 1008).boundBy).toBe('memory');
    // 8,192 sequences × 2 × 8.03e9 FLOPs = 1.3e17 FLOPs: about 133 ms on 989.5 TFLOPS, longer than reading the
    // 16 GB of weights and the caches.
    expect(stepRoofline(base(), 'vllm', 1, 8192, 16).boundBy).toBe('compute');
  });
});

describe('the step roofline, rule by rule', () => {
  // Llama 3.1 8B in BF16: every weight but the input embedding, 2 x 7,504,924,672 = 15,009,849,344 bytes a step.
  const WEIGHTS = 15_009_849_344;
  // Four sequences at 1,000 tokens: 63 blocks of 16 = 1,008 tokens x 131,072 bytes each.
  const CACHE = 4 * 1008 * 131_072;

  it('splits the weights and caches over tensor-parallel GPUs in vLLM, which read at once', () => {
    const h100 = gpu('h100-sxm');
    const two = stepRoofline(base(), 'vllm', 2, 4, 1000);
    expect(two.bytesPerStep).toBe(WEIGHTS + CACHE);
    expect(two.stepSeconds).toBeCloseTo((WEIGHTS / 2 + CACHE / 2) / h100.memoryBandwidthBytesPerSecond, 12);
    expect(stepRoofline(base(), 'vllm', 1, 4, 1000).stepSeconds).toBeCloseTo((WEIGHTS + CACHE) / h100.memoryBandwidthBytesPerSecond, 12);
  });

  it('reads llama.cpp\'s layer split one GPU after another: two GPUs are no faster than one', () => {
    const gguf = base({ weightPrecision: 'q8_0', runtime: 'llama.cpp' });
    const one = stepRoofline(gguf, 'llama.cpp', 1, 4, 1000);
    const two = stepRoofline(gguf, 'llama.cpp', 2, 4, 1000);
    expect(two.stepSeconds).toBeCloseTo(one.stepSeconds, 12);
    expect(two.bytesPerStep).toBe(one.bytesPerStep);
    expect(one.stepSeconds).toBeCloseTo(one.bytesPerStep / gpu('h100-sxm').memoryBandwidthBytesPerSecond, 12);
  });

  it('computes 2 operations per weight a token multiplies by, plus attention, and shares them over the GPUs', () => {
    // 4 x (2 x 7,504,924,672 + 4 x 32 heads x 128 x 1,000 tokens x 32 layers).
    const flops = 4 * (2 * 7_504_924_672 + 4 * 32 * 128 * 1000 * 32);
    expect(stepRoofline(base(), 'vllm', 2, 4, 1000).flopsPerStep).toBe(flops);
    // 2,048 sequences of 16 tokens on two H100s: computing outlasts reading.
    const busy = stepRoofline(base(), 'vllm', 2, 2048, 16);
    expect(busy.boundBy).toBe('compute');
    expect(busy.stepSeconds).toBeCloseTo(busy.flopsPerStep / (gpu('h100-sxm').fp16Tflops! * 1e12 * 2), 12);
  });

  it('counts attention only where layers attend, and only over their window', () => {
    // Qwen3-Next: 12 of 48 layers attend (full_attention_interval 4), 16 heads of 256.
    expect(attentionFlopsPerToken(model('qwen3-next-80b-a3b-thinking').architecture, 10_000)).toBe(4 * 16 * 256 * 10_000 * 12);
    // Gemma 2 9B at 8,192 tokens: 21 layers see all of them, 21 only their 4,096-token window; 16 heads of 256.
    expect(attentionFlopsPerToken(model('gemma-2-9b').architecture, 8192)).toBe(4 * 16 * 256 * (21 * 8192 + 21 * 4096));
  });

  it('reads every expert at most, whatever the share', () => {
    expect(expertsTouchedShare(1, 3)).toBe(1);
    expect(expertsTouchedShare(1.5, 1)).toBe(1);
    expect(expertsTouchedShare(0.25, 1)).toBe(0.25);
  });
});

describe('one replica', () => {
  it('takes a replica of exactly eight GPUs, refuses nine, and honours a GPU count it is given', () => {
    expect(MAX_GPUS_PER_REPLICA).toBe(8);
    // Llama 3.1 70B in BF16 (141 GB of weights) on 24 GB L4s: some context needs exactly eight, a longer one nine.
    const at = (inputTokens: number) => servingCapacity(base({ model: model('llama-3.1-70b'), gpu: gpu('l4'), inputTokens, outputTokens: 1, maxSequences: 1 }));
    let low = 1;
    let high = 4_000_000;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if ((at(middle).gpusNeeded ?? Infinity) >= 9) high = middle;
      else low = middle;
    }
    expect(at(low).gpusPerReplica).toBe(at(low).gpusNeeded);
    expect(at(low).gpusPerReplica).toBeLessThanOrEqual(8);
    expect(at(high).gpusPerReplica).toBeNull();
    expect(at(high).gpusNeeded).toBeGreaterThanOrEqual(9);
    // Llama 3.1 8B fits one H100; told to use two, it does; told fewer than it needs, it serves nothing.
    expect(servingCapacity(base({ gpuCount: 2 })).gpusPerReplica).toBe(2);
    const seventy = base({ model: model('llama-3.1-70b') });
    expect(servingCapacity(seventy).gpusPerReplica).toBe(2);
    expect(servingCapacity({ ...seventy, gpuCount: 1 })).toMatchObject({ gpusPerReplica: null, gpusNeeded: 2, aggregateTokensPerSecond: 0 });
  });

  it('sizes memory for the whole request: a long answer needs room too', () => {
    const short = servingCapacity(base({ inputTokens: 1000, outputTokens: 1000, maxSequences: 1024 }));
    const longAnswer = servingCapacity(base({ inputTokens: 1000, outputTokens: 60_000, maxSequences: 1024 }));
    expect(longAnswer.maxConcurrentSequences).toBeLessThan(short.maxConcurrentSequences / 10);
  });

  it('fits llama.cpp\'s slots beside the weights: the most that fit, and one more would not', () => {
    const input = base({ weightPrecision: 'q4_k_m', runtime: 'llama.cpp', gpu: gpu('rtx-4090'), inputTokens: 30_000, outputTokens: 2000, maxSequences: 16 });
    const capacity = servingCapacity(input);
    const memory = memoryInputForModel(input.model, { weightPrecision: 'q4_k_m', contextTokens: 32_000, batch: 1, runtime: runtimeSettings('llama.cpp') });
    const fits = (batch: number) => place({ ...memory, batch }, gpu('rtx-4090'), 1).placement.fits;
    expect(capacity.maxConcurrentSequences).toBeGreaterThan(1);
    expect(capacity.maxConcurrentSequences).toBeLessThan(16);
    expect(fits(capacity.maxConcurrentSequences)).toBe(true);
    expect(fits(capacity.maxConcurrentSequences + 1)).toBe(false);
    expect(capacity).toMatchObject({ concurrency: capacity.maxConcurrentSequences, limitedBy: 'memory' });
  });

  it('reads prompts on every GPU of the replica at once', () => {
    const one = servingCapacity(base());
    const two = servingCapacity(base({ gpuCount: 2 }));
    expect(two.prefillBoundTokensPerSecond!).toBeCloseTo(2 * one.prefillBoundTokensPerSecond!, 6);
  });

  it('says memory limits the sequences when exactly as many fit as the server allows', () => {
    const free = servingCapacity(base({ inputTokens: 100_000, outputTokens: 1000 }));
    expect(servingCapacity(base({ inputTokens: 100_000, outputTokens: 1000, maxSequences: free.maxConcurrentSequences }))).toMatchObject({ limitedBy: 'memory' });
    expect(servingCapacity(base({ inputTokens: 100_000, outputTokens: 1000, maxSequences: free.maxConcurrentSequences - 1 }))).toMatchObject({ limitedBy: 'server' });
  });

  it('never beats its roofline, and a lower efficiency scales it down in proportion', () => {
    const full = servingCapacity(base());
    expect(full.aggregateTokensPerSecond).toBeLessThanOrEqual(full.concurrency / full.roofline!.stepSeconds + 1e-9);
    const half = servingCapacity(base({ efficiency: { decode: 0.5, prefill: 0.5 } }));
    expect(half.aggregateTokensPerSecond).toBeCloseTo(full.aggregateTokensPerSecond / 2, 6);
    expect(half.perUserTokensPerSecond * half.concurrency).toBeCloseTo(half.aggregateTokensPerSecond, 6);
  });

  it('runs no more sequences than fit, nor more than the server allows', () => {
    const capped = servingCapacity(base({ maxSequences: 8 }));
    expect(capped.concurrency).toBe(8);
    const longer = servingCapacity(base({ inputTokens: 100_000, outputTokens: 1000 }));
    expect(longer.concurrency).toBe(longer.maxConcurrentSequences);
    expect(longer.maxConcurrentSequences).toBeLessThan(servingCapacity(base()).maxConcurrentSequences);
  });

  it('more sequences at once: more tokens in all, fewer for each user', () => {
    const few = servingCapacity(base({ maxSequences: 4 }));
    const many = servingCapacity(base({ maxSequences: 64 }));
    expect(many.aggregateTokensPerSecond).toBeGreaterThan(few.aggregateTokensPerSecond);
    expect(many.perUserTokensPerSecond).toBeLessThan(few.perUserTokensPerSecond);
  });

  it('names what limits the sequences at once: memory or the server', () => {
    expect(servingCapacity(base({ maxSequences: 8 }))).toMatchObject({ limitedBy: 'server', targetMet: null });
    expect(servingCapacity(base({ inputTokens: 100_000, outputTokens: 1000 }))).toMatchObject({ limitedBy: 'memory', targetMet: null });
  });

  /**
   * Llama 3.1 8B in FP8 on one L4 (300 GB/s) at half efficiency, 1,500 + 300 tokens a request. A step reads
   * 8,030,527,488 bytes of weights and 1,664 x 131,072 = 218,103,808 bytes of cache per sequence (see
   * cost-answer.test.ts). Each user sees 0.5 x 300e9 / (8,030,527,488 + c x 218,103,808) tokens/s: 18.2 alone,
   * 13.0 at 16. For 15 tokens/s the step may read at most 1e10 bytes: c <= 1,969,472,512 / 218,103,808 = 9.03.
   */
  it('runs no more sequences than keep each user at the speed target, and says when one alone cannot reach it', () => {
    const l4 = base({ model: model('llama-3.1-8b'), weightPrecision: 'fp8', gpu: gpu('l4'), inputTokens: 1500, outputTokens: 300, maxSequences: 16, efficiency: { decode: 0.5, prefill: 0.5 } });
    const held = servingCapacity({ ...l4, perUserTarget: 15 });
    expect(held).toMatchObject({ concurrency: 9, limitedBy: 'speed-target', targetMet: true });
    expect(held.perUserTokensPerSecond).toBeCloseTo((0.5 * 300e9) / (8_030_527_488 + 9 * 218_103_808), 6);
    expect(held.perUserTokensPerSecond).toBeGreaterThanOrEqual(15);
    // A target every allowed batch meets changes nothing.
    expect(servingCapacity({ ...l4, perUserTarget: 10 })).toMatchObject({ concurrency: 16, limitedBy: 'server', targetMet: true });
    // 19 tokens/s is more than one sequence alone gets (18.2): one at a time, and the target is marked as missed.
    expect(servingCapacity({ ...l4, perUserTarget: 19 })).toMatchObject({ concurrency: 1, limitedBy: 'speed-target', targetMet: false });
  });

  it('says when the model does not fit on one server', () => {
    const none = servingCapacity(base({ model: model('deepseek-v3'), gpu: gpu('rtx-4090') }));
    expect(none.gpusPerReplica).toBeNull();
    expect(none.aggregateTokensPerSecond).toBe(0);
  });
});

describe('a serving plan', () => {
  const api = { id: 'flat', label: 'Flat (P)', inputUsdPerMillion: 1, outputUsdPerMillion: 2 };
  const plan = (requestsPerSecond: number, extra: Partial<Parameters<typeof planServing>[0]['load']> = {}) =>
    planServing({
      ...base(),
      load: { requestsPerSecond, inputTokens: 1000, outputTokens: 100, reasoningTokens: 0, cachedShare: 0, ...extra },
      usdPerGpuHour: 2,
      apis: [api],
    });

  it('bills reasoning tokens as output and counts them in the volume', () => {
    // 1 request/s of 1,000 input ($1/M) + 100 output and 400 reasoning ($2/M): 1,000 + 1,000 µ$ = $0.002 a request;
    // 86,400 s × 30.4375 days × $0.002 = $5,259.60 a month, over 86,400 × 30.4375 × 1,500 = 3.94e9 tokens.
    const result = plan(1, { reasoningTokens: 400 });
    expect(result.apis[0]!.monthlyUsd).toBeCloseTo(5259.6, 6);
    expect(result.monthlyTokens).toBeCloseTo(86_400 * 30.4375 * 1500, 3);
  });

  it('adds replicas in steps as the load grows, and never costs less for more load', () => {
    const capacity = plan(1).capacity.requestsPerSecond;
    let previous = 0;
    for (const share of [0.1, 0.5, 0.99, 1.01, 2.5, 3.99, 4.01]) {
      const { selfHosted } = plan(capacity * share);
      // Whole replicas: the fewest whose capacity covers the load.
      expect(selfHosted!.replicas).toBe(Math.max(1, Math.ceil(share - 1e-9)));
      expect(selfHosted!.monthlyUsd).toBeGreaterThanOrEqual(previous);
      previous = selfHosted!.monthlyUsd;
    }
  });

  it('breaks even where the API line meets one replica’s cost', () => {
    const result = plan(0.01);
    const breakEven = result.breakEvenMonthlyTokens.flat;
    // One H100 at $2 an hour for 730.5 hours is $1,461 a month; the API charges (1,000 × 1 + 100 × 2) / 1,100 $/M.
    const blended = (1000 * 1 + 100 * 2) / 1100;
    expect(breakEven).toBeCloseTo((1461 / blended) * 1e6, 0);
    expect(result.apis[0]!.usdPerMillionTokens).toBeCloseTo(blended, 12);
  });

  it('never shows a negative cost', () => {
    for (const rate of [0, 1e-6, 0.5, 50, 5000]) {
      const result = plan(rate);
      expect(result.selfHosted!.monthlyUsd).toBeGreaterThan(0);
      expect(result.apis[0]!.monthlyUsd).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('npm run -s cost', () => {
  const list = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown[];
  const catalog = {
    models,
    gpus: rawGpus,
    apiPrices: list('content/prices/api.json').map((entry) => apiPriceSchema.parse(entry)),
    gpuHourPrices: list('content/prices/gpu-hours.json').map((entry) => gpuHourPriceSchema.parse(entry)),
  };

  it('prints the contract’s JSON fields', () => {
    const result = runCost(['--model', 'llama-3.1-8b', '--precision', 'fp8', '--gpu', 'h100-sxm', '--requests-per-second', '5', '--json'], catalog);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json.selfHosted).sort()).toEqual(
      ['aggregateTokensPerSecond', 'gpusPerReplica', 'maxConcurrentSequences', 'monthlyUsd', 'perUserTokensPerSecond', 'replicas', 'usdPerMillionTokens'].sort(),
    );
    // 5 requests/s × 86,400 s × 30.4375 days × (1,500 + 300) tokens, the page's default request.
    expect(json.monthlyTokens).toBeCloseTo(5 * 86_400 * 30.4375 * 1800, 0);
    expect(json.apis.map((entry: { id: string }) => entry.id)).toEqual(Object.keys(json.breakEvenMonthlyTokens));
  });

  it('holds each user to --per-user-tokens-per-second with more replicas, and says so in the JSON', () => {
    const args = ['--model', 'llama-3.1-8b', '--precision', 'fp8', '--gpu', 'l4', '--requests-per-second', '2', '--json'];
    const free = JSON.parse(runCost(args, catalog).stdout);
    const held = JSON.parse(runCost([...args, '--per-user-tokens-per-second', '15'], catalog).stdout);
    expect(held.selfHosted.perUserTokensPerSecond).toBeGreaterThanOrEqual(15);
    expect(held.selfHosted.perUserTargetMet).toBe(true);
    expect(held.selfHosted.concurrentSequences).toBeLessThan(free.selfHosted.maxConcurrentSequences);
    expect(held.selfHosted.replicas).toBeGreaterThan(free.selfHosted.replicas);
    const bad = runCost([...args, '--per-user-tokens-per-second', '0'], catalog);
    expect([bad.code, bad.stderr]).toEqual([2, 'cost: --per-user-tokens-per-second must be a number from 0.1 to 100,000 tokens/s; got "0"\n']);
  });

  it('buys instead of renting with --card-usd: a month is a 36th of the card over 3 years plus its power', () => {
    const args = ['--model', 'llama-3.1-8b', '--precision', 'fp8', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--json'];
    const bought = JSON.parse(runCost([...args, '--card-usd', '36000', '--kwh-usd', '0.1', '--watts', '1000'], catalog).stdout);
    // One replica of one H100: $36,000 / 36 months = $1,000, plus 1 kW × $0.10 × 24 h × 30.4375 days = $73.05.
    expect(bought.selfHosted.replicas).toBe(1);
    expect(bought.selfHosted.monthlyUsd).toBeCloseTo(1073.05, 6);
    expect(bought.ownership).toEqual({ cardUsd: 36_000, years: 3, watts: 1000, usdPerKwh: 0.1 });
  });

  it('sizes replicas for --peak-to-average and plans a hybrid with the cheapest API taking the peaks', () => {
    // The API is Sol at $2 in and $10 out: dearer than an L4 replica for what one carries, so own replicas pay.
    const args = ['--model', 'llama-3.1-8b', '--precision', 'fp8', '--gpu', 'l4', '--requests-per-second', '3', '--api', 'openai-gpt-6-2-sol', '--json'];
    const flat = JSON.parse(runCost(args, catalog).stdout);
    const peaked = JSON.parse(runCost([...args, '--peak-to-average', '2'], catalog).stdout);
    // Twice the peak needs twice the replicas, up to rounding up to whole replicas.
    expect(peaked.selfHosted.replicas).toBeGreaterThanOrEqual(2 * flat.selfHosted.replicas - 1);
    expect(peaked.selfHosted.replicas).toBeLessThanOrEqual(2 * flat.selfHosted.replicas);
    expect(peaked.hybrid.apiId).toBe('openai-gpt-6-2-sol');
    expect(peaked.hybrid.replicas).toBeGreaterThan(0);
    expect(peaked.hybrid.replicas).toBeLessThanOrEqual(peaked.selfHosted.replicas);
    expect(peaked.hybrid.monthlyUsd).toBeLessThanOrEqual(peaked.selfHosted.monthlyUsd);
    expect(peaked.hybrid.monthlyUsd).toBeLessThanOrEqual(peaked.apis[0].monthlyUsd);
  });

  it('runs replicas no busier than --first-token-seconds allows, and says what it allows', () => {
    const args = ['--model', 'llama-3.1-8b', '--precision', 'fp8', '--gpu', 'l4', '--requests-per-second', '2', '--json'];
    const free = JSON.parse(runCost(args, catalog).stdout);
    const quick = JSON.parse(runCost([...args, '--first-token-seconds', '1'], catalog).stdout);
    // Idle, an L4 reads the 1,500-token prompt in about 0.35 s: a 1 s target allows about 65% busy.
    expect(quick.firstTokenUtilization).toBeGreaterThan(0.5);
    expect(quick.firstTokenUtilization).toBeLessThan(0.8);
    expect(quick.selfHosted.replicas).toBeGreaterThan(free.selfHosted.replicas);
    expect(free.firstTokenUtilization).toBeUndefined();
    expect(JSON.parse(runCost([...args, '--first-token-seconds', '0.01'], catalog).stdout).firstTokenUtilization).toBeNull();
  });

  it('reads tokens a day as the same load', () => {
    const perDay = 5 * 86_400 * 1800;
    const a = JSON.parse(runCost(['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '5', '--json'], catalog).stdout);
    const b = JSON.parse(runCost(['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--tokens-per-day', String(perDay), '--json'], catalog).stdout);
    expect(b.monthlyTokens).toBeCloseTo(a.monthlyTokens, 0);
  });

  it.each([
    [[], '--model is required'],
    [['--model', 'llama-3.1-8b'], '--gpu is required'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm'], 'give the load'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--tokens-per-day', '5'], 'cannot both be given'],
    [['--model', 'nope', '--gpu', 'h100-sxm', '--requests-per-second', '1'], '--model must be a catalog model id'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second=-1'], '--requests-per-second must be'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '-1'], '--requests-per-second needs a value'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--cached-share', '2'], '--cached-share must be'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--precision', 'q4_k_m', '--runtime', 'vllm'], 'does not load in vllm'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--gpu', 'h200', '--requests-per-second', '1'], '--gpu is given twice'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--api', 'nope'], '--api must be a listed API price id'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--speed'], 'unknown flag --speed'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--cached-share', '0.7', '--cache-write-share', '0.5'], '--cache-write-share and --cached-share are shares of the same prompt tokens'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--peak-to-average', '3'], '--peak-to-average must be a number from 1 to 2'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--card-usd', '25000'], '--kwh-usd is needed with --card-usd'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--kwh-usd', '0.2'], '--kwh-usd is for bought GPUs: give --card-usd too'],
    [['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--requests-per-second', '1', '--card-usd', '0', '--kwh-usd', '0.2'], '--card-usd must be'],
  ])('%j exits 2 with one line: %s', (args, message) => {
    const result = runCost(args, catalog);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('explains itself with --help', () => {
    const result = runCost(['--help'], catalog);
    expect(result.code).toBe(0);
    for (const flag of ['--model', '--precision', '--runtime', '--gpu', '--gpu-hour-usd', '--requests-per-second', '--tokens-per-day', '--input-tokens', '--output-tokens', '--reasoning-tokens', '--cached-share', '--api', '--json']) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe('against published serving runs (content/serving-measurements.json)', () => {
  const estimate = (entry: (typeof SERVING_MEASUREMENTS)[number]) => estimateServingRun(entry, model(entry.model), gpu(entry.gpu), servingEfficiency('vllm'));

  // How far each estimate may be from the published figure, and why; every row of the data file is listed.
  // Ratios are estimate ÷ published figure. The known misses keep a band of about ±15% around today's ratio, so a
  // change to the engine that moves them shows here.
  const singleGpu = { low: 0.85, high: 1.1, why: 'dense BF16 on one GPU, 1 to 8 in flight: the median llama.cpp share fits vLLM and SGLang within 15%' };
  const tensorParallel = (low: number, high: number) => ({
    low,
    high,
    why: 'a known over-estimate: across 8 GPUs the bound adds their bandwidth, but each step also waits on all-reduces and a few thousand kernel launches that the roofline leaves out; published runs reach 7-33% of the bound',
  });
  const saturated = (low: number, high: number) => ({
    low,
    high,
    why: 'a known over-estimate: 1,000 short ShareGPT requests sent at once keep the GPU reading prompts and scheduling, which the steady-decode estimate does not charge in full',
  });
  const TOLERANCE: Record<string, { low: number; high: number; why: string }> = {
    'gpustack-qwen3-8b-bf16-h100-sxm-vllm-c1': singleGpu,
    'gpustack-qwen3-8b-bf16-h100-sxm-vllm-c2': singleGpu,
    'gpustack-qwen3-8b-h100-vllm-c4': singleGpu,
    'gpustack-qwen3-8b-bf16-h100-sxm-vllm-c8': singleGpu,
    'gpustack-qwen3-8b-bf16-h100-sxm-sglang-c4': singleGpu,
    'gpustack-qwen3-8b-fp8-h100-sglang-c4': {
      low: 1.1,
      high: 1.4,
      why: 'a known over-estimate: FP8 halves the bytes read, but at 4 in flight the measured gain over BF16 is 1.25x, not 2x',
    },
    'gpustack-deepseek-r1-fp8-h200-vllm-c4': tensorParallel(3.7, 5),
    'gpustack-deepseek-r1-fp8-h200-vllm-c1000': tensorParallel(5.4, 7.4),
    'gpustack-deepseek-r1-fp8-h200-sglang-c1000': tensorParallel(4.5, 6.1),
    'gpustack-qwen3-235b-a22b-bf16-h100-sxm-vllm-c984': tensorParallel(3.9, 5.2),
    'gpustack-qwen3-235b-a22b-bf16-h100-sxm-sglang-c984': tensorParallel(4.3, 5.8),
    'gpustack-qwen3-235b-a22b-bf16-a100-80gb-vllm-c1000': tensorParallel(4.5, 6),
    'gpustack-qwen3-235b-a22b-bf16-a100-80gb-sglang-c1000': tensorParallel(3.6, 4.9),
    'sglang-qwen3-235b-a22b-bf16-b200-sglang-c1': tensorParallel(6.7, 9.1),
    'sglang-qwen3-235b-a22b-bf16-b200-sglang-c16': tensorParallel(1.7, 2.4),
    'sglang-qwen3-235b-a22b-bf16-b200-sglang-c64': tensorParallel(1.45, 2),
    'sglang-qwen3-235b-a22b-bf16-b200-sglang-c100': tensorParallel(2, 2.75),
    'sglang-deepseek-r1-fp8-b200-sglang-c1': tensorParallel(7, 9.5),
    'sglang-deepseek-r1-fp8-b200-sglang-c16': tensorParallel(2, 2.7),
    'sglang-deepseek-r1-fp8-b200-sglang-c100': tensorParallel(1.75, 2.4),
    'sglang-deepseek-v3-fp8-mi300x-sglang-c100': tensorParallel(5.9, 8),
    'gpustack-qwen3-32b-bf16-h100-sxm-vllm-c1000': saturated(1.27, 1.73),
    'gpustack-qwen3-32b-bf16-h100-sxm-sglang-c1000': saturated(1.78, 2.4),
    'gpustack-qwen3-32b-bf16-a100-80gb-vllm-c1000': saturated(0.97, 1.31),
    'gpustack-qwen3-32b-bf16-a100-80gb-sglang-c1000': saturated(1.2, 1.62),
  };

  it('has a tolerance, with its reason, for every recorded run', () => {
    expect(Object.keys(TOLERANCE).sort()).toEqual(SERVING_MEASUREMENTS.map((entry) => entry.id).sort());
  });

  it.each(SERVING_MEASUREMENTS.map((entry) => [entry.id, entry] as const))('%s', (id, entry) => {
    const ratio = estimate(entry) / entry.outputTokensPerSecond;
    expect(ratio).toBeGreaterThanOrEqual(TOLERANCE[id]!.low);
    expect(ratio).toBeLessThanOrEqual(TOLERANCE[id]!.high);
  });
});

describe('how many sequences a server runs at once', () => {
  it.each([
    // vLLM: 1024 on 70 GiB or more unless the name says A100; 256 elsewhere (vllm/engine/arg_utils.py, v0.10-v0.11).
    ['vllm', 'h100-sxm', 1024],
    ['vllm', 'mi300x', 1024],
    ['vllm', 'a100-80gb', 256],
    ['vllm', 'l40s', 256],
    ['vllm', 'rtx-4090', 256],
    ['llama.cpp', 'h100-sxm', 16],
  ] as const)('%s on %s: %i', (runtime, id, expected) => {
    expect(defaultMaxSequences(runtime, gpu(id))).toBe(expected);
  });

  it('counts a GPU of exactly 70 GiB as large (vLLM compares with >=)', () => {
    expect(defaultMaxSequences('vllm', { name: 'Some GPU', memoryBytes: 70 * 2 ** 30 })).toBe(1024);
    expect(defaultMaxSequences('vllm', { name: 'Some GPU', memoryBytes: 70 * 2 ** 30 - 1 })).toBe(256);
  });
});

describe('one efficiency for both runtimes', () => {
  it("single-GPU vLLM runs of a dense BF16 model reach a median share of the bound within 10% of llama.cpp's", () => {
    const shares = SERVING_MEASUREMENTS.filter((entry) => entry.engine === 'vllm' && entry.gpuCount === 1 && entry.concurrency <= 8 && entry.precision === 'bf16').map(
      (entry) => entry.outputTokensPerSecond / estimateServingRun(entry, model(entry.model), gpu(entry.gpu), { decode: 1, prefill: 1 }),
    );
    // GPUStack's Qwen3-8B runs on one H100 at 1, 2, 4 and 8 in flight.
    expect(shares).toHaveLength(4);
    const ratio = median(shares) / servingEfficiency('vllm').decode;
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});
