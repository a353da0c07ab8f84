/**
 * "Show the math" for the cost calculator: each step of the answer as a sentence with the request's own numbers,
 * built from the engine's constants and results so the page never retypes a number or a formula.
 */
import { formatUsd } from '../format/money';
import { formatCount, formatInteger } from '../format/numbers';
import type { CostAnswer } from './answer';
import { DAYS_PER_MONTH, SECONDS_PER_HOUR } from './cost';
import type { CostRequest } from './request';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const days = `${Number(DAYS_PER_MONTH.toFixed(2))} days`;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `efficiency` is the share of the speed bounds the estimate assumes real engines reach. */
export function explainCost(request: CostRequest, answer: CostAnswer, efficiency: number): string[] {
  const { workload } = request;
  const perRequest = workload.inputTokensPerRequest + workload.outputTokensPerRequest;
  const lines = [
    request.volumeMode === 'tokens'
      ? `Volume: ${formatCount(workload.requestsPerDay * perRequest)} tokens a day × ${days} = ${formatCount(answer.tokensPerMonth)} tokens a month, which is ${formatCount(workload.requestsPerDay)} requests a day of ${formatInteger(workload.inputTokensPerRequest)} input + ${formatInteger(workload.outputTokensPerRequest)} output tokens.`
      : `Volume: ${formatInteger(workload.requestsPerDay)} requests a day × ${days} × (${formatInteger(workload.inputTokensPerRequest)} input + ${formatInteger(workload.outputTokensPerRequest)} output tokens) = ${formatCount(answer.tokensPerMonth)} tokens a month.`,
    'API: input tokens × input price (the cached share at the cached price) + output tokens × output price, per million tokens.',
  ];
  const { selfHosted, capacity } = answer;
  if (!selfHosted || capacity.gpusPerReplica === null) return lines;
  const measured = request.measuredOutputTokensPerSecond;
  lines.push(
    `Writing speed: the bandwidth bound of ${formatInteger(capacity.decodeBoundTokensPerSecond)} output tokens/s across ${request.concurrentSequences} sequences × ${percent(efficiency)} (the median share published llama.cpp runs reach) = ${formatInteger(capacity.outputTokensPerSecond)} tokens/s${measured === undefined ? '' : `; replaced by your measured ${formatInteger(measured)} tokens/s`}.`,
    capacity.prefillBoundTokensPerSecond === null
      ? 'Reading speed: this GPU has no published compute figure, so reading prompts is not counted against capacity.'
      : `Reading speed: the compute bound of ${formatInteger(capacity.prefillBoundTokensPerSecond)} prompt tokens/s × ${percent(efficiency)} = ${formatInteger(capacity.inputTokensPerSecond)} tokens/s.`,
    `Capacity: ${request.hoursPerDay} hours × ${formatInteger(SECONDS_PER_HOUR)} s × ${days} × ${percent(request.utilization)} utilization ÷ (input ÷ reading speed + output ÷ writing speed) per request = ${formatCount(selfHosted.capacityTokensPerMonth)} tokens a month per replica.`,
    `Replica cost: ${plural(capacity.gpusPerReplica, 'GPU')} × ${formatUsd(request.usdPerGpuHour)} an hour × ${request.hoursPerDay} hours × ${days} = ${formatUsd(selfHosted.replicaMonthlyUsd)}.`,
  );
  return lines;
}
