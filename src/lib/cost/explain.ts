/**
 * "Show the math" for the cost calculator: each step of the answer as a sentence with the request's own numbers,
 * built from the engine's constants and results so the page never retypes a number or a formula.
 */
import { formatBytes } from '../format/bytes';
import { formatUsd } from '../format/money';
import { NOT_SHOWN, formatCount, formatInteger, formatRate } from '../format/numbers';
import { RUNTIME_LABELS } from '../runtime/runtime';
import type { CostAnswer, Efficiencies } from './answer';
import { DAYS_PER_MONTH, SECONDS_PER_HOUR, longContextApplies, type ApiPrice } from './cost';
import type { CostRequest } from './request';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const days = `${Number(DAYS_PER_MONTH.toFixed(2))} days`;
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Seconds as a reader reads a wait: "0.42 s", "3.1 s", "12 s". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return NOT_SHOWN;
  return `${seconds < 1 ? Number(seconds.toPrecision(2)) : formatRate(seconds)} s`;
}

const times = (multiplier: number) => `${multiplier}×`;

/** A price's long-context rule in a sentence: "Prompts over 272,000 tokens: the whole request at 2× the input rates and 1.5× the output rate." */
export function longContextText(rule: NonNullable<ApiPrice['longContext']>): string {
  return `Prompts over ${formatInteger(rule.aboveInputTokens)} tokens: the whole request at ${times(rule.inputMultiplier)} the input rates and ${times(rule.outputMultiplier)} the output rate.`;
}

/** `efficiencies`: the shares of the speed bounds the estimate assumes each runtime reaches. */
export function explainCost(request: CostRequest, answer: CostAnswer, efficiencies: Efficiencies): string[] {
  const { workload } = request;
  const reasoning = request.reasoningTokensPerRequest;
  const perRequest = workload.inputTokensPerRequest + workload.outputTokensPerRequest;
  const parts =
    reasoning > 0
      ? `${formatInteger(workload.inputTokensPerRequest)} input + ${formatInteger(workload.outputTokensPerRequest - reasoning)} output + ${formatInteger(reasoning)} reasoning tokens`
      : `${formatInteger(workload.inputTokensPerRequest)} input + ${formatInteger(workload.outputTokensPerRequest)} output tokens`;
  const lines = [
    request.volumeMode === 'tokens'
      ? `Volume: ${formatCount(workload.requestsPerDay * perRequest)} tokens a day × ${days} = ${formatCount(answer.tokensPerMonth)} tokens a month, which is ${formatCount(workload.requestsPerDay)} requests a day of ${parts}.`
      : `Volume: ${formatInteger(workload.requestsPerDay)} requests a day × ${days} × (${parts}) = ${formatCount(answer.tokensPerMonth)} tokens a month.`,
    `API: input tokens × input price (the cached share at the cached price, the share written to the cache at the cache-write price) + output tokens × output price, per million tokens${reasoning > 0 ? '; reasoning tokens are billed as output' : ''}.`,
    ...request.apis
      .filter((price) => longContextApplies(price, workload))
      .map((price) => `${price.label}: ${formatInteger(workload.inputTokensPerRequest)}-token prompts are past its long-context threshold. ${longContextText(price.longContext!)}`),
  ];
  const { selfHosted, capacity } = answer;
  if (!selfHosted || capacity.gpusPerReplica === null || !capacity.roofline) return lines;
  const { roofline } = capacity;
  const efficiency = efficiencies[capacity.runtime];
  const gpus = plural(capacity.gpusPerReplica, 'GPU');
  const runtime = RUNTIME_LABELS[capacity.runtime];
  const measured = request.measuredOutputTokensPerSecond;
  const target = request.perUserTarget === undefined ? '' : formatRate(request.perUserTarget);
  const together =
    capacity.targetMet === false
      ? `; not even one sequence alone reaches ${target} tokens/s, so they run one at a time.`
      : capacity.limitedBy === 'speed-target'
        ? `; more than ${formatInteger(capacity.concurrency)} would slow each user below ${target} tokens/s, so ${formatInteger(capacity.concurrency)} run together.`
        : `, so ${formatInteger(capacity.concurrency)} run together.`;
  lines.push(
    capacity.runtime === 'vllm'
      ? `Sequences: after the weights and activations, ${runtime}'s cache pool on ${gpus} holds ${formatInteger(capacity.maxConcurrentSequences)} sequences of ${formatInteger(perRequest)} tokens; the server runs up to ${formatInteger(request.maxSequences)} at once${together}`
      : `Sequences: ${formatInteger(capacity.maxConcurrentSequences)} caches of ${formatInteger(perRequest)} tokens fit beside the weights on ${gpus} with ${runtime}; the server runs up to ${formatInteger(request.maxSequences)} at once${together}`,
    `Writing speed: one decoding step for ${formatInteger(capacity.concurrency)} sequences reads ${formatBytes(roofline.bytesPerStep, { system: 'decimal' })} (the weights once, plus each sequence's cache) and computes ${formatCount(roofline.flopsPerStep)} operations, so it takes at least ${formatSeconds(roofline.stepSeconds)} (bound by ${roofline.boundBy}): ${formatInteger(capacity.decodeBoundTokensPerSecond)} tokens/s × ${percent(efficiency.decode)} (the median share published llama.cpp decode runs reach) = ${formatInteger(capacity.aggregateTokensPerSecond)} tokens/s, ${formatRate(capacity.perUserTokensPerSecond)} for each user${measured === undefined ? '' : `; replaced by your measured ${formatInteger(measured)} tokens/s`}.`,
    ...(capacity.gpusPerReplica > 1
      ? [`Split over ${gpus}: the bound adds their bandwidth, but each step also waits on the GPUs exchanging results, which it leaves out; published runs across 8 GPUs reach far less (the table of published serving runs below), so take this speed and capacity as a ceiling.`]
      : []),
    capacity.prefillBoundTokensPerSecond === null
      ? 'Reading speed: this GPU has no published compute figure, so reading prompts is not counted against capacity.'
      : `Reading speed: the compute bound of ${formatInteger(capacity.prefillBoundTokensPerSecond)} prompt tokens/s × ${percent(efficiency.prefill)} = ${formatInteger(capacity.prefillTokensPerSecond)} tokens/s; an idle replica reads one ${formatInteger(workload.inputTokensPerRequest)}-token prompt in ${formatSeconds(capacity.timeToFirstTokenSeconds)}.`,
    ...(answer.firstToken?.allowedUtilization != null
      ? [
          `First token: requests queue as a replica fills, and in a single queue the wait grows as 1 ÷ (1 − load), so starting within ${formatSeconds(request.firstTokenTarget!)} from an idle ${formatSeconds(capacity.timeToFirstTokenSeconds)} allows at most 1 − ${formatSeconds(capacity.timeToFirstTokenSeconds)} ÷ ${formatSeconds(request.firstTokenTarget!)} = ${percent(answer.firstToken.allowedUtilization)} utilization.`,
        ]
      : []),
    `Capacity: ${request.hoursPerDay} hours × ${formatInteger(SECONDS_PER_HOUR)} s × ${days} × ${percent(answer.firstToken?.plannedUtilization ?? request.utilization)} utilization ÷ (input ÷ reading speed + output ÷ writing speed) per request${request.peakToAverage > 1 ? ` ÷ ${request.peakToAverage} (the peak over the average, which the replicas must carry)` : ''} = ${formatCount(selfHosted.capacityTokensPerMonth)} tokens a month per replica.`,
    request.ownership
      ? `Replica cost: ${gpus} × (${formatUsd(request.ownership.cardUsd)} ÷ (${request.ownership.years} years × 12 months) + ${formatInteger(request.ownership.watts)} W × ${formatUsd(request.ownership.usdPerKwh)} per kWh × ${request.hoursPerDay} hours × ${days}) = ${formatUsd(selfHosted.replicaMonthlyUsd)} a month.`
      : `Replica cost: ${gpus} × ${formatUsd(request.usdPerGpuHour)} an hour × ${request.hoursPerDay} hours × ${days} = ${formatUsd(selfHosted.replicaMonthlyUsd)}.`,
  );
  const { hybrid } = answer;
  if (hybrid) {
    lines.push(
      `Hybrid: the day's traffic is taken as ${request.peakToAverage > 1 ? `a wave with its peak at ${request.peakToAverage}× the average` : 'flat (its peak is the average)'}. Own replicas carry it up to their capacity and ${hybrid.api.label}, the cheapest API here, takes what rises above; one more replica pays while the traffic stays above the replicas for more of the day than its cost over what the API would charge for its capacity. Here ${plural(hybrid.replicas, 'replica')} and ${formatCount(hybrid.overflowTokensPerMonth)} tokens a month to the API: ${formatUsd(hybrid.monthlyUsd)}.`,
    );
  }
  return lines;
}
