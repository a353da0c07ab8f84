import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DAYS_PER_MONTH,
  apiBlendedUsdPerMillion,
  apiMonthlyUsd,
  breakEvenTokensPerMonth,
  costCurve,
  monthlyVolume,
  replicaMonthlyUsd,
  replicaTokensPerMonth,
  replicasNeeded,
  selfHostedMonthlyUsd,
  type ApiPrice,
  type SelfHosting,
  type Workload,
} from '../../src/lib/cost/cost';

const workload: Workload = { requestsPerDay: 10_000, inputTokensPerRequest: 1000, outputTokensPerRequest: 200, cachedInputShare: 0, monthlyGrowth: 0 };
const api: ApiPrice = { id: 'example', label: 'Example', inputUsdPerMillion: 1, outputUsdPerMillion: 2 };
const hosting: SelfHosting = { gpusPerReplica: 1, usdPerGpuHour: 2, outputTokensPerSecond: 1000, inputTokensPerSecond: 10_000, utilization: 1, hoursPerDay: 24 };

describe('cost engine, checked by hand', () => {
  it('counts a month as 30.4375 days', () => {
    const volume = monthlyVolume(workload);
    expect(volume.requests).toBeCloseTo(304_375, 6);
    expect(volume.inputTokens + volume.outputTokens).toBeCloseTo(365_250_000, 0);
  });

  it('prices the API by the workload mix: 304.375M input at $1 plus 60.875M output at $2', () => {
    expect(apiMonthlyUsd(api, workload, 365_250_000)).toBeCloseTo(426.125, 6);
    expect(apiBlendedUsdPerMillion(api, workload)).toBeCloseTo(1400 / 1200, 10);
  });

  it('charges cached input at the cached price', () => {
    const cached = { ...workload, cachedInputShare: 0.5 };
    const withCache = { ...api, cachedInputUsdPerMillion: 0.1 };
    expect(apiBlendedUsdPerMillion(withCache, cached)).toBeCloseTo((500 * 1 + 500 * 0.1 + 200 * 2) / 1200, 10);
  });

  it('rents a replica around the clock: 1 GPU x $2 x 730.5 hours', () => {
    expect(replicaMonthlyUsd(hosting)).toBeCloseTo(2 * 24 * DAYS_PER_MONTH, 9);
  });

  it('sizes capacity by time per request: 0.1 s reading plus 0.2 s writing', () => {
    const requestsPerMonth = (24 * 3600 * DAYS_PER_MONTH) / 0.3;
    expect(replicaTokensPerMonth(hosting, workload)).toBeCloseTo(requestsPerMonth * 1200, 0);
    expect(replicaTokensPerMonth({ ...hosting, utilization: 0.5, hoursPerDay: 12 }, workload)).toBeCloseTo((requestsPerMonth * 1200) / 4, 0);
  });

  it('breaks even where the API line reaches one replica', () => {
    const volume = breakEvenTokensPerMonth(api, hosting, workload)!;
    expect(volume).toBeCloseTo(replicaMonthlyUsd(hosting) / (1400 / 1200 / 1e6), 0);
    expect(apiMonthlyUsd(api, workload, volume)).toBeCloseTo(selfHostedMonthlyUsd(hosting, workload, volume), 6);
  });

  it('grows requests by compound monthly growth, and shrinks them for negative growth', () => {
    expect(monthlyVolume({ ...workload, monthlyGrowth: 0.1 }, 12).requests).toBeCloseTo(304_375 * 1.1 ** 12, 6);
    expect(monthlyVolume({ ...workload, monthlyGrowth: -0.5 }, 2).requests).toBeCloseTo(304_375 * 0.25, 6);
    expect(monthlyVolume({ ...workload, monthlyGrowth: 0.1 }).requests).toBeCloseTo(304_375, 6);
  });

  it('charges nothing and serves nothing for requests of no tokens', () => {
    const empty = { ...workload, inputTokensPerRequest: 0, outputTokensPerRequest: 0 };
    expect(apiBlendedUsdPerMillion(api, empty)).toBe(0);
    expect(replicaTokensPerMonth(hosting, empty)).toBe(0);
  });

  it('needs infinitely many replicas when one serves nothing', () => {
    expect(replicasNeeded(1, 0)).toBe(Infinity);
    expect(replicasNeeded(1, -5)).toBe(Infinity);
    expect(replicasNeeded(0, 10)).toBe(1);
    expect(replicasNeeded(10, 10)).toBe(1);
    expect(replicasNeeded(10.000001, 10)).toBe(2);
  });

  it('finds no break-even for a free API or a replica that serves nothing', () => {
    expect(breakEvenTokensPerMonth({ ...api, inputUsdPerMillion: 0, outputUsdPerMillion: 0 }, hosting, workload)).toBeNull();
    expect(breakEvenTokensPerMonth(api, { ...hosting, outputTokensPerSecond: 0 }, { ...workload, inputTokensPerRequest: 0, outputTokensPerRequest: 0 })).toBeNull();
  });

  it('breaks even on the first step when one replica\'s volume costs exactly one replica at API prices', () => {
    // Numbers exact in binary: 100 output tokens at 100 tokens/s is 1 s a request; 24 h x 3,600 s x 30.4375 days
    // = 2,629,800 s, so one replica serves 262,980,000 tokens. At $10 per million those cost $2,629.80, which is
    // what one GPU at $3.60 an hour costs for the month.
    const load = { ...workload, inputTokensPerRequest: 0, outputTokensPerRequest: 100 };
    const host = { ...hosting, outputTokensPerSecond: 100, usdPerGpuHour: 3.6 };
    const price = { ...api, outputUsdPerMillion: 10 };
    expect(replicaTokensPerMonth(host, load)).toBe(262_980_000);
    expect(apiMonthlyUsd(price, load, 262_980_000)).toBe(replicaMonthlyUsd(host));
    expect(breakEvenTokensPerMonth(price, host, load)).toBe(262_980_000);
    expect(breakEvenTokensPerMonth({ ...price, outputUsdPerMillion: 9.99 }, host, load)).toBeNull();
  });

  it('reports a break-even only up to the volume asked about', () => {
    const volume = breakEvenTokensPerMonth(api, hosting, workload)!;
    expect(breakEvenTokensPerMonth(api, hosting, workload, volume)).toBe(volume);
    expect(breakEvenTokensPerMonth(api, hosting, workload, volume * 0.999)).toBeNull();
  });

  it('finds no break-even when the API costs less than a full replica', () => {
    const cheap = { ...api, inputUsdPerMillion: 0.0001, outputUsdPerMillion: 0.0001 };
    expect(breakEvenTokensPerMonth(cheap, hosting, workload)).toBeNull();
  });
});

describe('cost engine properties', () => {
  const arbitraryWorkload = fc.record({
    requestsPerDay: fc.double({ min: 0, max: 1e7, noNaN: true }),
    inputTokensPerRequest: fc.integer({ min: 0, max: 100_000 }),
    outputTokensPerRequest: fc.integer({ min: 1, max: 10_000 }),
    cachedInputShare: fc.double({ min: 0, max: 1, noNaN: true }),
    monthlyGrowth: fc.double({ min: -0.5, max: 1, noNaN: true }),
  });
  const arbitraryApi = fc.record({
    id: fc.constant('api'),
    label: fc.constant('API'),
    inputUsdPerMillion: fc.double({ min: 0, max: 100, noNaN: true }),
    outputUsdPerMillion: fc.double({ min: 0.001, max: 200, noNaN: true }),
    cachedInputUsdPerMillion: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
  });
  const arbitraryHosting = fc.record({
    gpusPerReplica: fc.integer({ min: 1, max: 16 }),
    usdPerGpuHour: fc.double({ min: 0.05, max: 50, noNaN: true }),
    outputTokensPerSecond: fc.double({ min: 1, max: 50_000, noNaN: true }),
    inputTokensPerSecond: fc.double({ min: 10, max: 500_000, noNaN: true }),
    utilization: fc.double({ min: 0.05, max: 1, noNaN: true }),
    hoursPerDay: fc.double({ min: 0.5, max: 24, noNaN: true }),
  });
  const volume = fc.double({ min: 0, max: 1e13, noNaN: true });

  it('never returns a negative or non-finite cost', () => {
    fc.assert(
      fc.property(arbitraryWorkload, arbitraryApi, arbitraryHosting, volume, (load, price, host, tokens) => {
        for (const usd of [apiMonthlyUsd(price, load, tokens), selfHostedMonthlyUsd(host, load, tokens)]) {
          expect(Number.isFinite(usd)).toBe(true);
          expect(usd).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('never gets cheaper as volume grows', () => {
    fc.assert(
      fc.property(arbitraryWorkload, arbitraryApi, arbitraryHosting, volume, volume, (load, price, host, a, b) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(apiMonthlyUsd(price, load, high)).toBeGreaterThanOrEqual(apiMonthlyUsd(price, load, low));
        expect(selfHostedMonthlyUsd(host, load, high)).toBeGreaterThanOrEqual(selfHostedMonthlyUsd(host, load, low));
      }),
    );
  });

  it('steps exactly at whole multiples of one replica’s capacity', () => {
    fc.assert(
      fc.property(arbitraryWorkload, arbitraryHosting, fc.integer({ min: 1, max: 50 }), (load, host, steps) => {
        const capacity = replicaTokensPerMonth(host, load);
        const replica = replicaMonthlyUsd(host);
        expect(selfHostedMonthlyUsd(host, load, steps * capacity)).toBeCloseTo(steps * replica, 6);
        expect(selfHostedMonthlyUsd(host, load, steps * capacity * (1 + 1e-6))).toBeCloseTo((steps + 1) * replica, 6);
      }),
    );
  });

  it('reports a break-even where both curves meet, with the API cheaper just before it', () => {
    fc.assert(
      fc.property(arbitraryWorkload, arbitraryApi, arbitraryHosting, (load, price, host) => {
        const volumeAtBreakEven = breakEvenTokensPerMonth(price, host, load);
        if (volumeAtBreakEven === null) {
          // No crossing: at every step edge the API still costs less than the replicas.
          const capacity = replicaTokensPerMonth(host, load);
          for (const steps of [1, 2, 10]) {
            expect(apiMonthlyUsd(price, load, steps * capacity)).toBeLessThan(selfHostedMonthlyUsd(host, load, steps * capacity) * (1 + 1e-9));
          }
          return;
        }
        const api = apiMonthlyUsd(price, load, volumeAtBreakEven);
        const self = selfHostedMonthlyUsd(host, load, volumeAtBreakEven);
        expect(Math.abs(api - self) / self).toBeLessThan(1e-6);
        expect(apiMonthlyUsd(price, load, volumeAtBreakEven * 0.99)).toBeLessThan(selfHostedMonthlyUsd(host, load, volumeAtBreakEven * 0.99));
      }),
    );
  });

  it('charts every API line and the staircase over the same volumes, each step edge exact', () => {
    const points = costCurve([api], hosting, workload, 5e10);
    expect(points[0]!.tokensPerMonth).toBe(0);
    expect(points.at(-1)!.tokensPerMonth).toBe(5e10);
    const volumes = points.map((point) => point.tokensPerMonth);
    expect(volumes).toEqual([...volumes].sort((a, b) => a - b));
    const capacity = replicaTokensPerMonth(hosting, workload);
    // Both sides of every step edge below the chart's end: k x capacity (k replicas) and just past it (k + 1).
    for (let step = 1; step * capacity < 5e10; step += 1) {
      const at = points.find((point) => point.tokensPerMonth === step * capacity)!;
      const after = points.find((point) => point.tokensPerMonth === step * capacity * (1 + 1e-9))!;
      expect([at.replicas, after.replicas]).toEqual([step, step + 1]);
      expect(after.selfHostedUsd).toBeCloseTo((step + 1) * replicaMonthlyUsd(hosting), 6);
    }
    for (const point of points) {
      expect(point.apis).toEqual([{ id: 'example', usd: apiMonthlyUsd(api, workload, point.tokensPerMonth) }]);
    }
    // No step edge at or past the end of the chart.
    expect(costCurve([api], hosting, workload, capacity).filter((point) => point.tokensPerMonth > capacity)).toEqual([]);
  });

  it('samples evenly and caps the step edges it adds when replicas are many', () => {
    expect(costCurve([api], hosting, workload, 1e6, 10)).toHaveLength(11);
    const tiny = { ...hosting, outputTokensPerSecond: 0.001, inputTokensPerSecond: 0.01 };
    const points = costCurve([api], tiny, workload, 5e10, 10);
    expect(points.length).toBeLessThanOrEqual(10 * 4 + 2);
    expect(points.length).toBeGreaterThan(11);
  });
});
