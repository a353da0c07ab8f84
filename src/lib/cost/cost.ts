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

/** Dollars per token of traffic with this workload's input:output mix and cache share. */
export function apiUsdPerToken(price: ApiPrice, workload: Workload): number {
  const perRequestTokens = workload.inputTokensPerRequest + workload.outputTokensPerRequest;
  if (perRequestTokens === 0) return 0;
  const cachedPrice = price.cachedInputUsdPerMillion ?? price.inputUsdPerMillion;
  const inputCost =
    workload.inputTokensPerRequest * ((1 - workload.cachedInputShare) * price.inputUsdPerMillion + workload.cachedInputShare * cachedPrice);
  const outputCost = workload.outputTokensPerRequest * price.outputUsdPerMillion;
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
 * Tokens (input + output, in the workload's mix) one replica can serve in a month. Reading the prompt and
 * generating share the GPUs' time, so a request costs input/inputRate + output/outputRate seconds of capacity.
 */
export function replicaTokensPerMonth(hosting: SelfHosting, workload: Workload): number {
  const secondsPerRequest =
    workload.inputTokensPerRequest / hosting.inputTokensPerSecond + workload.outputTokensPerRequest / hosting.outputTokensPerSecond;
  const tokensPerRequest = workload.inputTokensPerRequest + workload.outputTokensPerRequest;
  if (secondsPerRequest === 0) return 0;
  const usableSeconds = hosting.hoursPerDay * SECONDS_PER_HOUR * DAYS_PER_MONTH * hosting.utilization;
  return (usableSeconds / secondsPerRequest) * tokensPerRequest;
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
