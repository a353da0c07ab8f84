/** Everything the cost page shows for one request, computed in one place for the page and the tests. */
import {
  apiBlendedUsdPerMillion,
  apiMonthlyUsd,
  breakEvenTokensPerMonth,
  hybridWithCheapestApi,
  firstTokenUtilization,
  type HybridPlan,
  costCurve,
  monthlyVolume,
  replicaMonthlyUsd,
  replicaTokensPerMonth,
  replicasNeeded,
  type ApiPrice,
  type CostPoint,
  type SelfHosting,
} from './cost';
import { servingCapacity, type ServingCapacity, type ServingRuntime } from '../serving/capacity';
import type { CostCatalog, CostRequest } from './request';

/** Shares of the decode and prefill bounds real engines reach, per runtime (../serving/efficiency.ts, at build time). */
export type Efficiency = { decode: number; prefill: number };
export type Efficiencies = Record<ServingRuntime, Efficiency>;

export interface ApiRow {
  price: ApiPrice;
  monthlyUsd: number;
  blendedUsdPerMillion: number;
  breakEvenTokensPerMonth: number | null;
}

export interface CostAnswer {
  tokensPerMonth: number;
  tokensPerMonthInAYear: number;
  /** The chosen GPU's name, for the capacity table. */
  gpuName: string;
  capacity: ServingCapacity;
  /** null when the model does not fit on any number of the chosen GPUs. */
  hosting: SelfHosting | null;
  selfHosted: { monthlyUsd: number; replicas: number; usdPerMillion: number; capacityTokensPerMonth: number; replicaMonthlyUsd: number } | null;
  apis: ApiRow[];
  /**
   * Own replicas for the base of the day's traffic, the peaks sent to the cheapest API compared (cost.ts, hybridPlan);
   * null without self-hosting or an API.
   */
  hybrid: (HybridPlan & { api: ApiPrice; usdPerMillion: number }) | null;
  /**
   * With a time-to-first-token target: the utilization it allows (utilizationForFirstToken; null when even an idle
   * replica is slower), and the utilization the replicas are then planned at (the lower of it and the reader's).
   */
  firstToken: { allowedUtilization: number | null; plannedUtilization: number } | null;
  curve: CostPoint[];
  chartMaxTokensPerMonth: number;
}

export function answerCostRequest(request: CostRequest, catalog: CostCatalog, efficiencies: Efficiencies): CostAnswer {
  const model = catalog.models.find((candidate) => candidate.id === request.modelId)!;
  const gpu = catalog.gpus.find((candidate) => candidate.id === request.gpuId)!;
  const { workload } = request;
  const now = monthlyVolume(workload);
  const inAYear = monthlyVolume(workload, 12);
  const tokensPerMonth = now.inputTokens + now.outputTokens;
  const tokensPerMonthInAYear = inAYear.inputTokens + inAYear.outputTokens;

  // The same capacity the cost CLI plans with (../serving/plan.ts): sequences that fit, the step roofline, efficiency.
  const capacity = servingCapacity({
    model,
    weightPrecision: request.weightPrecision,
    runtime: request.runtime,
    gpu,
    inputTokens: workload.inputTokensPerRequest,
    outputTokens: workload.outputTokensPerRequest,
    maxSequences: request.maxSequences,
    // Stryker disable next-line ConditionalExpression: spreading { perUserTarget: undefined } means no target as well.
    ...(request.perUserTarget !== undefined && { perUserTarget: request.perUserTarget }),
    efficiency: efficiencies[request.runtime],
  });
  // A first-token target caps how busy a replica may run.
  const allowedUtilization = firstTokenUtilization(capacity, request.firstTokenTarget);
  const plannedUtilization = allowedUtilization ? Math.min(request.utilization, allowedUtilization) : request.utilization;
  const firstToken = allowedUtilization === undefined ? null : { allowedUtilization, plannedUtilization };
  const hosting: SelfHosting | null =
    capacity.gpusPerReplica === null
      ? null
      : {
          gpusPerReplica: capacity.gpusPerReplica,
          usdPerGpuHour: request.usdPerGpuHour,
          ...(request.ownership && { ownership: request.ownership }),
          outputTokensPerSecond: request.measuredOutputTokensPerSecond ?? capacity.aggregateTokensPerSecond,
          inputTokensPerSecond: capacity.prefillTokensPerSecond,
          utilization: plannedUtilization,
          hoursPerDay: request.hoursPerDay,
          peakToAverage: request.peakToAverage,
        };

  const capacityPerReplica = hosting ? replicaTokensPerMonth(hosting, workload) : 0;
  const breakEvens = hosting ? request.apis.map((price) => breakEvenTokensPerMonth(price, hosting, workload)) : [];
  // Stryker disable next-line LogicalOperator: a missing break-even (null) counts as 0 either way in Math.max.
  const furthest = Math.max(tokensPerMonth, tokensPerMonthInAYear, ...breakEvens.map((volume) => volume ?? 0), capacityPerReplica * 1.5);
  const chartMaxTokensPerMonth = furthest > 0 ? furthest * 1.25 : 1e6;

  let selfHosted: CostAnswer['selfHosted'] = null;
  if (hosting) {
    const replicas = replicasNeeded(tokensPerMonth, capacityPerReplica);
    const monthlyUsd = replicas * replicaMonthlyUsd(hosting);
    selfHosted = {
      monthlyUsd,
      replicas,
      usdPerMillion: tokensPerMonth > 0 ? (monthlyUsd / tokensPerMonth) * 1e6 : 0,
      capacityTokensPerMonth: capacityPerReplica,
      replicaMonthlyUsd: replicaMonthlyUsd(hosting),
    };
  }
  const plan = hosting && hybridWithCheapestApi(request.apis, hosting, workload, tokensPerMonth);
  const hybrid = plan ? { ...plan, usdPerMillion: tokensPerMonth > 0 ? (plan.monthlyUsd / tokensPerMonth) * 1e6 : 0 } : null;
  return {
    tokensPerMonth,
    tokensPerMonthInAYear,
    gpuName: gpu.name,
    capacity,
    hosting,
    selfHosted,
    hybrid,
    firstToken,
    apis: request.apis.map((price, index) => ({
      price,
      monthlyUsd: apiMonthlyUsd(price, workload, tokensPerMonth),
      blendedUsdPerMillion: apiBlendedUsdPerMillion(price, workload),
      breakEvenTokensPerMonth: breakEvens[index] ?? null,
    })),
    curve: hosting ? costCurve(request.apis, hosting, workload, chartMaxTokensPerMonth) : [],
    chartMaxTokensPerMonth,
  };
}
