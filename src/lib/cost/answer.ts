/** Everything the cost page shows for one request, computed in one place for the page and the tests. */
import {
  apiBlendedUsdPerMillion,
  apiMonthlyUsd,
  breakEvenTokensPerMonth,
  costCurve,
  monthlyVolume,
  replicaMonthlyUsd,
  replicaTokensPerMonth,
  replicasNeeded,
  type ApiPrice,
  type CostPoint,
  type SelfHosting,
} from './cost';
import { replicaCapacity, type ReplicaCapacity } from './capacity';
import type { CostCatalog, CostRequest } from './request';

export interface ApiRow {
  price: ApiPrice;
  monthlyUsd: number;
  blendedUsdPerMillion: number;
  breakEvenTokensPerMonth: number | null;
}

export interface CostAnswer {
  tokensPerMonth: number;
  tokensPerMonthInAYear: number;
  capacity: ReplicaCapacity;
  /** null when the model does not fit on any number of the chosen GPUs. */
  hosting: SelfHosting | null;
  selfHosted: { monthlyUsd: number; replicas: number; usdPerMillion: number; capacityTokensPerMonth: number; replicaMonthlyUsd: number } | null;
  apis: ApiRow[];
  curve: CostPoint[];
  chartMaxTokensPerMonth: number;
}

export function answerCostRequest(request: CostRequest, catalog: CostCatalog, efficiency: number): CostAnswer {
  const model = catalog.models.find((candidate) => candidate.id === request.modelId)!;
  const gpu = catalog.gpus.find((candidate) => candidate.id === request.gpuId)!;
  const { workload } = request;
  const now = monthlyVolume(workload);
  const inAYear = monthlyVolume(workload, 12);
  const tokensPerMonth = now.inputTokens + now.outputTokens;
  const tokensPerMonthInAYear = inAYear.inputTokens + inAYear.outputTokens;

  const capacity = replicaCapacity({
    model,
    weightPrecision: request.weightPrecision,
    gpu,
    contextTokens: Math.max(1, workload.inputTokensPerRequest + workload.outputTokensPerRequest),
    concurrentSequences: request.concurrentSequences,
    efficiency,
  });
  const hosting: SelfHosting | null =
    capacity.gpusPerReplica === null
      ? null
      : {
          gpusPerReplica: capacity.gpusPerReplica,
          usdPerGpuHour: request.usdPerGpuHour,
          outputTokensPerSecond: request.measuredOutputTokensPerSecond ?? capacity.outputTokensPerSecond,
          inputTokensPerSecond: capacity.inputTokensPerSecond,
          utilization: request.utilization,
          hoursPerDay: request.hoursPerDay,
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
  return {
    tokensPerMonth,
    tokensPerMonthInAYear,
    capacity,
    hosting,
    selfHosted,
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
