// API prices with cache writes and long-context rates, the peak of the day, and the hybrid plan (own replicas for the
// base, an API for the peaks). Expected figures are worked by hand beside each case, or come from an independent
// numerical integral and a brute-force search.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  apiUsdPerToken,
  firstTokenUtilization,
  hybridPlan,
  hybridWithCheapestApi,
  replicaMonthlyUsd,
  longContextApplies,
  overflowShare,
  replicaFullTokensPerMonth,
  replicaTokensPerMonth,
  type ApiPrice,
  type SelfHosting,
  utilizationForFirstToken,
  type Workload,
} from '../../src/lib/cost/cost';

// GPT-6.2 Sol as listed (content/prices/api.json): $2 in, $0.10 cached, $2.50 cache writes, $10 out; prompts over
// 272K tokens bill input and cache rates at 2x and output at 1.5x for the whole request.
const sol: ApiPrice = {
  id: 'sol',
  label: 'Sol',
  inputUsdPerMillion: 2,
  outputUsdPerMillion: 10,
  cachedInputUsdPerMillion: 0.1,
  cacheWriteUsdPerMillion: 2.5,
  longContext: { aboveInputTokens: 272_000, inputMultiplier: 2, outputMultiplier: 1.5 },
};
const mix = (input: number, output: number, cached = 0, written = 0): Workload => ({
  requestsPerDay: 1,
  inputTokensPerRequest: input,
  outputTokensPerRequest: output,
  cachedInputShare: cached,
  cacheWriteShare: written,
  monthlyGrowth: 0,
});

describe('API prices: cache writes and long-context rates', () => {
  it.each([
    // 1,500 in: 30% fresh at $2, 50% cached at $0.10, 20% written at $2.50 = 1,500 × 1.15; 300 out at $10.
    ['cache reads and writes', mix(1500, 300, 0.5, 0.2), (1500 * 1.15 + 300 * 10) / 1e6 / 1800],
    // 300,000 in > 272,000: 300,000 × $2 × 2; 1,000 out × $10 × 1.5.
    ['a long prompt, whole request at the higher rates', mix(300_000, 1000), (300_000 * 4 + 1000 * 15) / 1e6 / 301_000],
    // Exactly 272,000 is not over the threshold: base rates.
    ['a prompt at the threshold', mix(272_000, 1000), (272_000 * 2 + 1000 * 10) / 1e6 / 273_000],
    // Long prompt, all written to the cache: 300,000 × $2.50 × 2; 100 out × $15.
    ['a long prompt written to the cache', mix(300_000, 100, 0, 1), (300_000 * 5 + 100 * 15) / 1e6 / 300_100],
  ])('%s', (_name, workload, perToken) => {
    expect(apiUsdPerToken(sol, workload)).toBeCloseTo(perToken, 15);
  });

  it('bills writes at the input price where the API lists no write price, and applies no tier without one', () => {
    const plain: ApiPrice = { id: 'p', label: 'P', inputUsdPerMillion: 1, outputUsdPerMillion: 2 };
    expect(apiUsdPerToken(plain, mix(1000, 0, 0, 0.5))).toBeCloseTo(1e-6, 18);
    expect(longContextApplies(plain, mix(10_000_000, 1))).toBe(false);
    expect(longContextApplies(sol, mix(272_001, 1))).toBe(true);
  });
});

describe('overflow above capacity for a day shaped like a sine wave', () => {
  it.each([
    // peak 2 (a = 1), level 1: φ = 0, ((0)·π + 2·1·cos 0)/2π = 1/π.
    [1, 2, 1 / Math.PI],
    // peak 2, level 0: the trough touches 0, so everything is above: 1 − 0.
    [0, 2, 1],
    // at or above the peak nothing overflows.
    [2, 2, 0],
    [3, 1.5, 0],
    // peak 1.5 (a = 0.5), level 1.25: sin φ = 0.5, φ = π/6; ((−0.25)(2π/3) + 2·0.5·cos(π/6))/2π = 0.0544997.
    [1.25, 1.5, (-0.25 * ((2 * Math.PI) / 3) + Math.cos(Math.PI / 6)) / (2 * Math.PI)],
    // a flat day (peak 1): whatever is above the level, all day.
    [0.5, 1, 0.5],
    [1, 1, 0],
  ])('level %d, peak %d → %f', (level, peak, share) => {
    expect(overflowShare(level, peak)).toBeCloseTo(share, 10);
  });

  it('matches a numerical integral of the wave, and falls as capacity rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2.5, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }), (level, peak) => {
        const steps = 20_000;
        let sum = 0;
        for (let step = 0; step < steps; step += 1) sum += Math.max(0, 1 + (peak - 1) * Math.sin((2 * Math.PI * (step + 0.5)) / steps) - level);
        expect(overflowShare(level, peak)).toBeCloseTo(sum / steps, 6);
        expect(overflowShare(level + 0.01, peak)).toBeLessThanOrEqual(overflowShare(level, peak));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the hybrid plan', () => {
  const bruteForce = (volume: number, capacity: number, replicaUsd: number, perToken: number, peak: number) => {
    const peakReplicas = Math.max(1, Math.ceil((volume * peak) / capacity - 1e-12));
    let best = Infinity;
    for (let replicas = 0; replicas <= peakReplicas; replicas += 1) best = Math.min(best, replicas * replicaUsd + perToken * volume * overflowShare((replicas * capacity) / volume, peak));
    return best;
  };

  it('picks the cheapest whole number of replicas (against trying every count), never dearer than either side alone', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e6, max: 1e11, noNaN: true }),
        fc.double({ min: 1e6, max: 1e10, noNaN: true }),
        fc.double({ min: 10, max: 1e5, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e-4, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        (volume, capacity, replicaUsd, perToken, peak) => {
          fc.pre((volume * peak) / capacity < 2000);
          const plan = hybridPlan(volume, capacity, replicaUsd, perToken, peak);
          const best = bruteForce(volume, capacity, replicaUsd, perToken, peak);
          expect(plan.monthlyUsd).toBeCloseTo(best, 6);
          expect(plan.monthlyUsd).toBeLessThanOrEqual(volume * perToken * (1 + 1e-12));
          // 1e-9, not 1e-12: peakReplicas rounds volume·peak/capacity with a 1e-12 allowance, so the last replica can
          // fall a hair short of the peak and leave a few millionths of a cent to the API (found by this property:
          // volume 1e11, capacity 1e10, peak 1 + 2e-15 cost 100.0000000036 against 10 replicas at $10).
          expect(plan.monthlyUsd).toBeLessThanOrEqual(plan.peakReplicas * replicaUsd * (1 + 1e-9));
          expect(plan.replicas).toBeGreaterThanOrEqual(0);
          expect(plan.replicas).toBeLessThanOrEqual(plan.peakReplicas);
          expect(plan.overflowTokensPerMonth).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('works a case by hand', () => {
    // 1,000 tokens a month, 400 per replica, $100 a replica, $0.05 a token, flat day: a busy replica would save
    // 400 × $0.05 = $20 of API, under its $100, so the API takes all: 1,000 × $0.05 = $50. The peak needs 3 replicas.
    expect(hybridPlan(1000, 400, 100, 0.05, 1)).toMatchObject({ replicas: 0, overflowTokensPerMonth: 1000, monthlyUsd: 50, peakReplicas: 3 });
    // At $0.5 a token a busy replica saves $200 > $100. Peak 2: one more replica pays while the load is above the
    // replicas for more than R/(p·C) = 1/2 of the day, so the ideal level is the average: 2.5 replicas. Two replicas
    // (level 0.8, sin φ = −0.2) leave ((0.2)(π + 2·asin 0.2) + 2·cos(asin 0.2))/2π of the volume to the API.
    const peaked = hybridPlan(1000, 400, 100, 0.5, 2);
    expect(peaked.monthlyUsd).toBeCloseTo(200 + 500 * ((0.2 * (Math.PI + 2 * Math.asin(0.2)) + 2 * Math.cos(Math.asin(0.2))) / (2 * Math.PI)), 9);
    expect(peaked.peakReplicas).toBe(5);
  });

  it('sizes self-hosted replicas for the peak: each carries the full capacity divided by the peak', () => {
    const hosting: SelfHosting = { gpusPerReplica: 1, usdPerGpuHour: 2, outputTokensPerSecond: 1000, inputTokensPerSecond: 10_000, utilization: 1, hoursPerDay: 24 };
    const workload = mix(1000, 200);
    const full = replicaFullTokensPerMonth(hosting, workload);
    expect(replicaTokensPerMonth({ ...hosting, peakToAverage: 1.6 }, workload)).toBeCloseTo(full / 1.6, 6);
    expect(replicaTokensPerMonth(hosting, workload)).toBe(full);
  });
});

describe('a time-to-first-token target', () => {
  it.each([
    // Idle 0.35 s against a 1 s target: in one queue the time grows as 1 / (1 − load), so load ≤ 1 − 0.35 = 0.65.
    [0.35, 1, 0.65],
    [0.5, 2, 0.75],
    // Even idle, the replica is too slow: no load meets it.
    [1, 1, null],
    [2, 1, null],
  ])('idle %d s, target %d s → at most %s busy', (idle, target, share) => {
    const allowed = utilizationForFirstToken(idle, target);
    if (share === null) expect(allowed).toBeNull();
    else expect(allowed).toBeCloseTo(share, 12);
  });
});

describe('the cost page with a first-token target', () => {
  it('plans replicas at the lower of the reader\'s utilization and what the target allows, and needs more of them', async () => {
    const { answerCostRequest } = await import('../../src/lib/cost/answer');
    const { COST_DEFAULTS, parseCostRequest, withListedPrices } = await import('../../src/lib/cost/request');
    const { servingEfficiencies } = await import('../../src/lib/serving/efficiency');
    const { costCatalog } = await import('./support/tools-fuzz');
    const answerFor = (raw: Record<string, string>) => {
      const parsed = parseCostRequest(withListedPrices({ ...COST_DEFAULTS, requests: '500000', util: '90', ...raw }, costCatalog), costCatalog);
      if (!parsed.ok) throw new Error(parsed.errors.map((error) => error.message).join('; '));
      return answerCostRequest(parsed.request, costCatalog, servingEfficiencies());
    };
    const free = answerFor({});
    const quick = answerFor({ ttft: '1' });
    expect(free.firstToken).toBeNull();
    const allowed = utilizationForFirstToken(quick.capacity.timeToFirstTokenSeconds, 1)!;
    expect(allowed).toBeLessThan(0.9);
    expect(quick.firstToken).toEqual({ allowedUtilization: allowed, plannedUtilization: allowed });
    expect(quick.selfHosted!.replicas).toBeGreaterThan(free.selfHosted!.replicas);
    // A looser target than the reader's own headroom changes nothing.
    expect(answerFor({ ttft: '100' }).selfHosted!.replicas).toBe(free.selfHosted!.replicas);
  });
});

describe('the hybrid plan, from a replica and the APIs compared', () => {
  const hosting: SelfHosting = { gpusPerReplica: 1, usdPerGpuHour: 2, outputTokensPerSecond: 1000, inputTokensPerSecond: 10_000, utilization: 1, hoursPerDay: 24, peakToAverage: 2 };
  const workload = mix(1000, 200);
  const dear: ApiPrice = { id: 'dear', label: 'Dear', inputUsdPerMillion: 5, outputUsdPerMillion: 20 };
  const cheap: ApiPrice = { id: 'cheap', label: 'Cheap', inputUsdPerMillion: 1, outputUsdPerMillion: 2 };

  it('sends the peaks to the cheapest API in the mix, whatever the order, at the replica\'s peak', () => {
    const volume = 5 * replicaFullTokensPerMonth(hosting, workload);
    const plan = hybridWithCheapestApi([dear, cheap], hosting, workload, volume)!;
    expect(plan.api.id).toBe('cheap');
    expect(hybridWithCheapestApi([cheap, dear], hosting, workload, volume)!.api.id).toBe('cheap');
    const direct = hybridPlan(volume, replicaFullTokensPerMonth(hosting, workload), replicaMonthlyUsd(hosting), apiUsdPerToken(cheap, workload), 2);
    expect(plan).toEqual({ ...direct, api: cheap });
    // Sized for a peak of 2: ten replicas, not five.
    expect(plan.peakReplicas).toBe(10);
    expect(hybridWithCheapestApi([], hosting, workload, volume)).toBeNull();
  });

  it('gives everything to the API when a replica carries nothing', () => {
    expect(hybridPlan(1000, 0, 100, 0.01, 1.5)).toMatchObject({ replicas: 0, overflowTokensPerMonth: 1000, monthlyUsd: 10 });
  });

  it('has no first-token cap without a target or without a prompt-reading estimate', () => {
    expect(firstTokenUtilization({ prefillBoundTokensPerSecond: 1000, timeToFirstTokenSeconds: 0.25 }, 1)).toBeCloseTo(0.75, 12);
    expect(firstTokenUtilization({ prefillBoundTokensPerSecond: 1000, timeToFirstTokenSeconds: 0.25 }, undefined)).toBeUndefined();
    expect(firstTokenUtilization({ prefillBoundTokensPerSecond: null, timeToFirstTokenSeconds: 0 }, 1)).toBeUndefined();
  });
});
