/**
 * Self-hosting an open model against paying an API per token. API cost is a straight line in volume;
 * self-hosted cost is a staircase of whole replicas, each a fixed number of GPUs rented by the hour. All money is
 * in US dollars, all volumes in tokens per month.
 */

/** Average days per month (365.25 / 12), so a month is 730.5 hours. */
export const DAYS_PER_MONTH = 365.25 / 12;
export const SECONDS_PER_HOUR = 3600;
const MILLION = 1e6;

export interface Workload {
  requestsPerDay: number;
  inputTokensPerRequest: number;
  outputTokensPerRequest: number;
  /** Share of input tokens served from the provider's prompt cache, 0 to 1. */
  cachedInputShare: number;
  /** Share of input tokens written into the provider's cache (billed at its write rate), 0 to 1 less the cached share. */
  cacheWriteShare?: number;
  /** Growth of requests per month, as a fraction (0.1 = +10% a month). */
  monthlyGrowth: number;
}

export interface ApiPrice {
  id: string;
  label: string;
  inputUsdPerMillion: number;
  outputUsdPerMillion: number;
  /** Price of cached input tokens; when absent, cached tokens cost the full input price. */
  cachedInputUsdPerMillion?: number;
  /** Price of writing input tokens into the cache; when absent, they cost the full input price. */
  cacheWriteUsdPerMillion?: number;
  /** Higher rates for a whole request whose prompt is longer than `aboveInputTokens`. */
  longContext?: { aboveInputTokens: number; inputMultiplier: number; outputMultiplier: number };
}

/** Whether this workload's requests are billed at the price's long-context rates (every request is the average one). */
export function longContextApplies(price: ApiPrice, workload: Workload): boolean {
  return price.longContext !== undefined && workload.inputTokensPerRequest > price.longContext.aboveInputTokens;
}

/** GPUs bought instead of rented: each card written off over some years, and its electricity while it runs. */
export interface Ownership {
  cardUsd: number;
  years: number;
  /** Power each GPU draws while running, in watts (its board power, or more to include its share of the host). */
  watts: number;
  usdPerKwh: number;
}

export interface SelfHosting {
  gpusPerReplica: number;
  /** Rented GPUs: the price of a GPU-hour. Ignored when `ownership` is given. */
  usdPerGpuHour: number;
  ownership?: Ownership;
  /** Output tokens per second one replica sustains, summed over its concurrent sequences. */
  outputTokensPerSecond: number;
  /** Prompt tokens per second one replica reads. */
  inputTokensPerSecond: number;
  /** Share of capacity that real traffic can use (bursts, headroom), 0 to 1. */
  utilization: number;
  /** Hours a day replicas run: 24 when always on, fewer when scaled to zero off-hours. */
  hoursPerDay: number;
  /**
   * The busiest moment's traffic over the average, 1 to 2 (default 1): replicas are sized for the peak, so each
   * carries this much less of the average volume (see replicaTokensPerMonth).
   */
  peakToAverage?: number;
}

export interface MonthlyVolume {
  inputTokens: number;
  outputTokens: number;
  requests: number;
}

export function monthlyVolume(workload: Workload, monthsAhead = 0): MonthlyVolume {
  const requests = workload.requestsPerDay * DAYS_PER_MONTH * (1 + workload.monthlyGrowth) ** monthsAhead;
  return {
    requests,
    inputTokens: requests * workload.inputTokensPerRequest,
    outputTokens: requests * workload.outputTokensPerRequest,
  };
}

/**
 * Dollars per token of traffic with this workload's input:output mix: fresh input, input read from the cache and
 * input written into it each at its own rate, output at the output rate, all raised when the prompt is past the
 * price's long-context threshold.
 */
export function apiUsdPerToken(price: ApiPrice, workload: Workload): number {
  const perRequestTokens = workload.inputTokensPerRequest + workload.outputTokensPerRequest;
  if (perRequestTokens === 0) return 0;
  const long = longContextApplies(price, workload) ? price.longContext! : { inputMultiplier: 1, outputMultiplier: 1 };
  const cached = workload.cachedInputShare;
  const written = workload.cacheWriteShare ?? 0;
  const inputRate =
    (1 - cached - written) * price.inputUsdPerMillion +
    cached * (price.cachedInputUsdPerMillion ?? price.inputUsdPerMillion) +
    written * (price.cacheWriteUsdPerMillion ?? price.inputUsdPerMillion);
  const inputCost = workload.inputTokensPerRequest * inputRate * long.inputMultiplier;
  const outputCost = workload.outputTokensPerRequest * price.outputUsdPerMillion * long.outputMultiplier;
  return (inputCost + outputCost) / MILLION / perRequestTokens;
}

/** Blended price per million tokens for the mix: what the workload effectively pays. */
export function apiBlendedUsdPerMillion(price: ApiPrice, workload: Workload): number {
  return apiUsdPerToken(price, workload) * MILLION;
}

export function apiMonthlyUsd(price: ApiPrice, workload: Workload, tokensPerMonth: number): number {
  return apiUsdPerToken(price, workload) * tokensPerMonth;
}

/**
 * Tokens (input + output, in the workload's mix) one replica can serve in a month at full use. Reading the prompt
 * and generating share the GPUs' time, so a request costs input/inputRate + output/outputRate seconds of capacity.
 */
export function replicaFullTokensPerMonth(hosting: SelfHosting, workload: Workload): number {
  const secondsPerRequest =
    workload.inputTokensPerRequest / hosting.inputTokensPerSecond + workload.outputTokensPerRequest / hosting.outputTokensPerSecond;
  const tokensPerRequest = workload.inputTokensPerRequest + workload.outputTokensPerRequest;
  if (secondsPerRequest === 0) return 0;
  const usableSeconds = hosting.hoursPerDay * SECONDS_PER_HOUR * DAYS_PER_MONTH * hosting.utilization;
  return (usableSeconds / secondsPerRequest) * tokensPerRequest;
}

/** The average monthly volume one replica carries when its traffic peaks at `peakToAverage` times the average. */
export function replicaTokensPerMonth(hosting: SelfHosting, workload: Workload): number {
  return replicaFullTokensPerMonth(hosting, workload) / (hosting.peakToAverage ?? 1);
}

/**
 * The busiest a replica may run and still start answers within `targetSeconds`. Requests wait for each other, so
 * the time to first token grows from its idle value as the replica fills: in a single queue with random arrivals
 * (M/M/1) the time in the system is the service time ÷ (1 − load), so load ≤ 1 − idle ÷ target. null when even an
 * idle replica is slower than the target.
 */
export function utilizationForFirstToken(idleSeconds: number, targetSeconds: number): number | null {
  if (!(idleSeconds < targetSeconds)) return null;
  return 1 - idleSeconds / targetSeconds;
}

/**
 * The utilization a first-token target allows a replica with this capacity: undefined without a target or without
 * a prompt-reading estimate (no GPU compute figure), else as utilizationForFirstToken.
 */
export function firstTokenUtilization(
  capacity: { prefillBoundTokensPerSecond: number | null; timeToFirstTokenSeconds: number },
  targetSeconds: number | undefined,
): number | null | undefined {
  if (targetSeconds === undefined || capacity.prefillBoundTokensPerSecond === null) return undefined;
  return utilizationForFirstToken(capacity.timeToFirstTokenSeconds, targetSeconds);
}

/** The most peaked day the hybrid plan's load shape can describe (a sine wave that touches zero at night). */
export const MAX_PEAK_TO_AVERAGE = 2;

/**
 * The share of a day's volume above a capacity level, for traffic shaped over the day like a sine wave with
 * average 1 and peak `peak` (1 to 2): load(θ) = 1 + (peak − 1)·sin θ. `level` is the capacity in units of the
 * average. Above the peak nothing overflows; below the trough everything over the level does (1 − level); between
 * them the load exceeds the level for θ in (φ, π − φ), with sin φ = (level − 1)/(peak − 1), so the overflow is
 * (1/2π)·∫ (1 + a sin θ − level) dθ over that span = ((1 − level)(π − 2φ) + 2a cos φ) / 2π.
 */
export function overflowShare(level: number, peak: number): number {
  const a = peak - 1;
  if (level >= peak) return 0;
  if (level <= 1 - a) return Math.max(0, 1 - level);
  const phi = Math.asin((level - 1) / a);
  return ((1 - level) * (Math.PI - 2 * phi) + 2 * a * Math.cos(phi)) / (2 * Math.PI);
}

export interface HybridPlan {
  /** Own replicas, sized below the peak; 0 means the API takes everything. */
  replicas: number;
  /** Tokens a month above their capacity, sent to the API. */
  overflowTokensPerMonth: number;
  monthlyUsd: number;
  /** The replicas self-hosting alone needs for the peak, for comparison. */
  peakReplicas: number;
}

/**
 * Own replicas for the base of the day's traffic and an API for what rises above them. With the sine-shaped day
 * the monthly cost n·R + p·V·overflow(n·C/V) is convex in n (each replica more saves less overflow), so the
 * cheapest whole number of replicas is next to where one more replica saves exactly its own cost: where the share
 * of the day the load is above capacity, 1/2 − φ/π, equals R/(p·C). `capacityPerReplica` is one replica's volume
 * at full use (replicaFullTokensPerMonth); `apiUsdPerToken` the overflow API's price in the workload's mix.
 */
export function hybridPlan(tokensPerMonth: number, capacityPerReplica: number, replicaUsd: number, apiUsdPerTokenInMix: number, peak: number): HybridPlan {
  const peakReplicas = replicasNeeded(tokensPerMonth * peak, capacityPerReplica);
  const cost = (replicas: number) => {
    const level = tokensPerMonth > 0 ? (replicas * capacityPerReplica) / tokensPerMonth : Infinity;
    const overflow = tokensPerMonth * overflowShare(level, peak);
    return { replicas, overflowTokensPerMonth: overflow, monthlyUsd: replicas * replicaUsd + overflow * apiUsdPerTokenInMix, peakReplicas };
  };
  if (!Number.isFinite(peakReplicas)) return cost(0);
  const timeAbove = apiUsdPerTokenInMix > 0 ? replicaUsd / (apiUsdPerTokenInMix * capacityPerReplica) : Infinity;
  // At timeAbove ≥ 1 a replica costs more than the API for the volume it could carry even if always busy.
  let level = 0;
  if (timeAbove < 1) {
    const phi = Math.PI * (0.5 - timeAbove);
    level = peak > 1 ? 1 + (peak - 1) * Math.sin(phi) : 1;
  }
  const ideal = (level * tokensPerMonth) / capacityPerReplica;
  const candidates = [Math.floor(ideal), Math.ceil(ideal)].map((count) => Math.min(peakReplicas, Math.max(0, count)));
  return candidates.map(cost).reduce((best, next) => (next.monthlyUsd < best.monthlyUsd ? next : best));
}

/** The hybrid plan with the cheapest of the APIs (in the workload's mix) taking the peaks; null without an API. */
export function hybridWithCheapestApi(prices: readonly ApiPrice[], hosting: SelfHosting, workload: Workload, tokensPerMonth: number): (HybridPlan & { api: ApiPrice }) | null {
  const api = [...prices].sort((a, b) => apiUsdPerToken(a, workload) - apiUsdPerToken(b, workload))[0];
  if (!api) return null;
  const plan = hybridPlan(tokensPerMonth, replicaFullTokensPerMonth(hosting, workload), replicaMonthlyUsd(hosting), apiUsdPerToken(api, workload), hosting.peakToAverage ?? 1);
  return { ...plan, api };
}

/** One owned GPU's month: a twelfth of a year's write-off, and its power for the hours it runs. */
export function ownedGpuMonthlyUsd(ownership: Ownership, hoursPerDay: number): number {
  return ownership.cardUsd / (ownership.years * 12) + (ownership.watts / 1000) * ownership.usdPerKwh * hoursPerDay * DAYS_PER_MONTH;
}

export function replicaMonthlyUsd(hosting: SelfHosting): number {
  if (hosting.ownership) return hosting.gpusPerReplica * ownedGpuMonthlyUsd(hosting.ownership, hosting.hoursPerDay);
  return hosting.gpusPerReplica * hosting.usdPerGpuHour * hosting.hoursPerDay * DAYS_PER_MONTH;
}

/** Replicas needed for a monthly volume: at least one, then one more at every multiple of a replica's capacity. */
export function replicasNeeded(tokensPerMonth: number, capacityPerReplica: number): number {
  // Stryker disable next-line EqualityOperator: at exactly 0, tokens / 0 is Infinity below as well.
  if (capacityPerReplica <= 0) return Infinity;
  // The small tolerance keeps a volume that is a whole multiple of capacity (up to float rounding) on its step.
  return Math.max(1, Math.ceil(tokensPerMonth / capacityPerReplica - 1e-12));
}

export function selfHostedMonthlyUsd(hosting: SelfHosting, workload: Workload, tokensPerMonth: number): number {
  return replicasNeeded(tokensPerMonth, replicaTokensPerMonth(hosting, workload)) * replicaMonthlyUsd(hosting);
}

/**
 * The smallest monthly volume at which the API costs at least as much as self-hosting, or null if it never does
 * (up to `maxTokensPerMonth`). On the k-th step of the staircase self-hosting costs k replicas, R each, and the API
 * line p·V meets it at V = k·R/p, which lies inside the step exactly when p·C ≥ R (C = one replica's capacity),
 * whatever k is. So either the lines first meet on the first step, at R/p, or the API stays cheaper at every volume.
 * Past each later step edge the API is briefly cheaper again, until the volume reaches k·R/p.
 */
export function breakEvenTokensPerMonth(price: ApiPrice, hosting: SelfHosting, workload: Workload, maxTokensPerMonth = Infinity): number | null {
  const perToken = apiUsdPerToken(price, workload);
  const capacity = replicaTokensPerMonth(hosting, workload);
  const replicaCost = replicaMonthlyUsd(hosting);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a capacity of 0 makes perToken x capacity (0) less than any replica cost, so the last test returns null too.
  if (perToken <= 0 || capacity <= 0 || perToken * capacity < replicaCost) return null;
  const volume = replicaCost / perToken;
  return volume <= maxTokensPerMonth ? volume : null;
}

export interface CostPoint {
  tokensPerMonth: number;
  apis: Array<{ id: string; usd: number }>;
  selfHostedUsd: number;
  replicas: number;
}

/** Points for the chart: every API line and the staircase, sampled so each step edge is exact. */
export function costCurve(prices: readonly ApiPrice[], hosting: SelfHosting, workload: Workload, maxTokensPerMonth: number, samples = 60): CostPoint[] {
  const capacity = replicaTokensPerMonth(hosting, workload);
  const volumes = new Set<number>();
  for (let index = 0; index <= samples; index += 1) volumes.add((maxTokensPerMonth * index) / samples);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: guards on how many points the chart samples (capacity is positive here, and one point more or fewer draws the same staircase); every edge is still added.
  for (let step = capacity; step < maxTokensPerMonth && step > 0 && volumes.size < samples * 4; step += capacity) {
    volumes.add(step);
    volumes.add(step * (1 + 1e-9));
  }
  return [...volumes]
    .sort((a, b) => a - b)
    .map((tokensPerMonth) => ({
      tokensPerMonth,
      apis: prices.map((price) => ({ id: price.id, usd: apiMonthlyUsd(price, workload, tokensPerMonth) })),
      replicas: replicasNeeded(tokensPerMonth, capacity),
      selfHostedUsd: selfHostedMonthlyUsd(hosting, workload, tokensPerMonth),
    }));
}
