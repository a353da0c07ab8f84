/**
 * A serving plan: a load (requests per second, each with its prompt, answer and hidden reasoning tokens), the
 * replicas of one model that serve it, and what that costs against per-token APIs. Capacity comes from
 * ./capacity.ts; prices and the staircase of whole replicas from ../cost/cost.ts, so the page and the CLI agree.
 */
import {
  DAYS_PER_MONTH,
  apiBlendedUsdPerMillion,
  apiMonthlyUsd,
  breakEvenTokensPerMonth,
  hybridWithCheapestApi,
  firstTokenUtilization,
  replicaMonthlyUsd,
  replicaTokensPerMonth,
  replicasNeeded,
  type ApiPrice,
  type Ownership,
  type SelfHosting,
  type Workload,
} from '../cost/cost';
import { servingCapacity, type ServingCapacity, type ServingInput } from './capacity';

export const SECONDS_PER_DAY = 86_400;

export interface ServingLoad {
  /** Average requests per second the replicas must serve. */
  requestsPerSecond: number;
  inputTokens: number;
  outputTokens: number;
  /** Hidden reasoning tokens per request: generated like output, billed as output by APIs. */
  reasoningTokens: number;
  /** Share of input an API serves from its prompt cache, 0 to 1. */
  cachedShare: number;
  /** Share of input written into an API's cache, 0 to 1 less the cached share (default 0). */
  cacheWriteShare?: number;
  /** The busiest moment's rate over the average, 1 to 2 (default 1): replicas are sized for it. */
  peakToAverage?: number;
}

export interface ServingPlanInput extends Omit<ServingInput, 'inputTokens' | 'outputTokens'> {
  load: ServingLoad;
  usdPerGpuHour: number;
  /** GPUs bought instead of rented (usdPerGpuHour is then ignored). */
  ownership?: Ownership;
  /** The time to first token each request must see, in seconds: replicas then run no busier than it allows. */
  firstTokenTarget?: number;
  apis: readonly ApiPrice[];
}

export interface ServingPlan {
  /** Prompt, answer and reasoning tokens a month at the load. */
  monthlyTokens: number;
  capacity: ServingCapacity;
  /** null when the model does not fit on one server of these GPUs. */
  selfHosted: { replicas: number; monthlyUsd: number; usdPerMillionTokens: number } | null;
  apis: Array<{ id: string; monthlyUsd: number; usdPerMillionTokens: number }>;
  /** Monthly tokens from which self-hosting costs no more than each API; null when the API stays cheaper. */
  breakEvenMonthlyTokens: Record<string, number | null>;
  /** Own replicas for the base of the day, the peaks to the cheapest API (../cost/cost.ts, hybridPlan). */
  hybrid: { apiId: string; replicas: number; overflowMonthlyTokens: number; monthlyUsd: number } | null;
  /** With a first-token target: the utilization it allows replicas (null when even an idle one is slower). */
  firstTokenUtilization?: number | null;
}

/** The load as the cost engine's workload: reasoning tokens are generated, so they count with the output. */
export function servingWorkload(load: ServingLoad): Workload {
  return {
    requestsPerDay: load.requestsPerSecond * SECONDS_PER_DAY,
    inputTokensPerRequest: load.inputTokens,
    outputTokensPerRequest: load.outputTokens + load.reasoningTokens,
    cachedInputShare: load.cachedShare,
    cacheWriteShare: load.cacheWriteShare ?? 0,
    monthlyGrowth: 0,
  };
}

export function planServing(input: ServingPlanInput): ServingPlan {
  const { load } = input;
  const workload = servingWorkload(load);
  const generated = load.outputTokens + load.reasoningTokens;
  const monthlyTokens = workload.requestsPerDay * DAYS_PER_MONTH * (load.inputTokens + generated);
  const capacity = servingCapacity({ ...input, inputTokens: load.inputTokens, outputTokens: generated });
  const allowedUtilization = firstTokenUtilization(capacity, input.firstTokenTarget);
  const hosting: SelfHosting | null =
    capacity.gpusPerReplica === null
      ? null
      : {
          gpusPerReplica: capacity.gpusPerReplica,
          usdPerGpuHour: input.usdPerGpuHour,
          ...(input.ownership && { ownership: input.ownership }),
          outputTokensPerSecond: capacity.aggregateTokensPerSecond,
          inputTokensPerSecond: capacity.prefillTokensPerSecond,
          // The load is the rate to serve, so replicas run at their full capacity, or as busy as a first-token
          // target allows; other headroom is the reader's to add.
          utilization: allowedUtilization ?? 1,
          hoursPerDay: 24,
          peakToAverage: load.peakToAverage ?? 1,
        };
  let selfHosted: ServingPlan['selfHosted'] = null;
  if (hosting) {
    const replicas = replicasNeeded(monthlyTokens, replicaTokensPerMonth(hosting, workload));
    const monthlyUsd = replicas * replicaMonthlyUsd(hosting);
    selfHosted = { replicas, monthlyUsd, usdPerMillionTokens: monthlyTokens > 0 ? (monthlyUsd / monthlyTokens) * 1e6 : 0 };
  }
  const plan = hosting && hybridWithCheapestApi(input.apis, hosting, workload, monthlyTokens);
  const hybrid = plan ? { apiId: plan.api.id, replicas: plan.replicas, overflowMonthlyTokens: plan.overflowTokensPerMonth, monthlyUsd: plan.monthlyUsd } : null;
  return {
    monthlyTokens,
    capacity,
    selfHosted,
    hybrid,
    ...(allowedUtilization !== undefined && { firstTokenUtilization: allowedUtilization }),
    apis: input.apis.map((price) => ({
      id: price.id,
      monthlyUsd: apiMonthlyUsd(price, workload, monthlyTokens),
      usdPerMillionTokens: apiBlendedUsdPerMillion(price, workload),
    })),
    breakEvenMonthlyTokens: Object.fromEntries(input.apis.map((price) => [price.id, hosting ? breakEvenTokensPerMonth(price, hosting, workload) : null])),
  };
}
